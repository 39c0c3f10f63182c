// SPDX-License-Identifier: GPL-2.0-only
/* --container and --pod without a runtime: the JSON reader, each runtime's listing as it
 * really prints it, and which container a name, an ID or an ID prefix picks. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tl_test.h"
#include "capture/container.h"
#include "capture/jsonread.h"

static void test_json(void)
{
	const char *doc =
		" { \"a\" : [1, {\"b\": \"x\\\"y\\u0041\\u00e9\"}, null], \"c\": {\"d\": -42},"
		" \"e\": true, \"f\": 1.5e3, \"k\\\"q\": 7 } ";
	char s[32];
	long long v;

	TL_CHECK(tl_json_skip(doc) && !*tl_json_skip(doc), "a whole document is skipped");
	TL_CHECK(tl_json_int(tl_json_path(doc, "c.d"), &v) && v == -42, "c.d is -42");
	TL_CHECK(tl_json_str(tl_json_get(tl_json_next(tl_json_first(tl_json_get(doc, "a"))), "b"),
			     s, sizeof(s)),
		 "a[1].b is a string");
	TL_CHECK_STR(s, "x\"yA?", "escapes, \\u below and above ASCII");
	TL_CHECK(!tl_json_int(tl_json_get(doc, "f"), &v), "1.5e3 is not a whole number");
	TL_CHECK(!tl_json_get(doc, "k"), "a key with an escape is not a prefix match");
	TL_CHECK(!tl_json_get(doc, "zz"), "missing key");
	TL_CHECK(!tl_json_str(tl_json_get(doc, "e"), s, sizeof(s)), "true is not a string");
	TL_CHECK(tl_json_str("\"abcdef\"", s, 4) && !strcmp(s, "abc"), "cut to the buffer");
	TL_CHECK(!tl_json_first("[]") && !tl_json_first("{}"), "empty array; not an array");
	/* Broken input is refused, never read past its end. */
	TL_CHECK(!tl_json_skip("{\"a\": [1, 2"), "unterminated array");
	TL_CHECK(!tl_json_skip("{\"a\" 1}"), "missing colon");
	TL_CHECK(!tl_json_skip("\"abc\\"), "backslash at the end");
	TL_CHECK(!tl_json_str("\"\\u00", s, sizeof(s)), "cut \\u escape");
	{
		char deep[2 * 100 + 1];

		memset(deep, '[', 100);
		memset(deep + 100, ']', 100);
		deep[200] = '\0';
		TL_CHECK(!tl_json_skip(deep), "nesting past the limit");
		TL_CHECK(tl_json_skip(deep + 40) != NULL, "60 levels are read");
	}
}

/* As podman 4.3 prints `podman ps --all --format json` (fields cut to the ones read). */
static const char podman_ps[] =
	"[\n  {\n    \"AutoRemove\": false,\n    \"Command\": [\"/bin/httpd\", \"-f\"],\n"
	"    \"Id\": \"c2bcbbc2eca9607f0f8a642116009415e79c10f839b7f42bacd28fadc5b85171\",\n"
	"    \"Names\": [\n      \"web\"\n    ],\n    \"Namespaces\": {\n      \n    },\n"
	"    \"Pid\": 13013,\n    \"State\": \"running\"\n  },\n"
	"  {\n    \"Id\": \"0de16be0b84b245c9a5fcd3d6b2d035367c047c590ee92a4eaabeddcae43e21a\",\n"
	"    \"Names\": [\"stopped\"],\n    \"Pid\": 0,\n    \"State\": \"exited\"\n  },\n"
	"  {\n    \"Id\": \"c2ff000000000000000000000000000000000000000000000000000000000001\",\n"
	"    \"Names\": [\"other\"],\n    \"Pid\": 4242,\n    \"State\": \"running\"\n  }\n]\n";

/* GET /containers/json?all=1 of Docker's API (podman's socket answers the same). */
static const char docker_api[] =
	"[{\"Id\":\"9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0\","
	"\"Names\":[\"/web\"],\"Image\":\"busybox\",\"State\":\"running\",\"Status\":\"Up 2 "
	"minutes\",\"Labels\":{},\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":"
	"\"172.17.0.2\"}}}}]";

/* crictl ps --all -o json and crictl pods -o json (CRI v1, protobuf's JSON). */
static const char crictl_ps[] =
	"{\n  \"containers\": [\n    {\n      \"id\": \"5c1d0e\",\n"
	"      \"podSandboxId\": \"aa11\",\n      \"metadata\": {\n        \"name\": \"coredns\",\n"
	"        \"attempt\": 0\n      },\n      \"state\": \"CONTAINER_RUNNING\",\n"
	"      \"labels\": {\n        \"io.kubernetes.pod.name\": \"coredns-5d78c9869d-x7k2p\",\n"
	"        \"io.kubernetes.pod.namespace\": \"kube-system\"\n      }\n    }\n  ]\n}\n";
static const char crictl_pods[] =
	"{\n  \"items\": [\n    {\n      \"id\": \"aa11\",\n      \"metadata\": {\n"
	"        \"name\": \"coredns-5d78c9869d-x7k2p\",\n        \"uid\": \"u1\",\n"
	"        \"namespace\": \"kube-system\",\n        \"attempt\": 0\n      },\n"
	"      \"state\": \"SANDBOX_READY\"\n    },\n    {\n      \"id\": \"bb22\",\n"
	"      \"metadata\": {\n        \"name\": \"web\",\n        \"namespace\": \"default\"\n"
	"      },\n      \"state\": \"SANDBOX_NOTREADY\"\n    }\n  ]\n}\n";

static void test_lists(void)
{
	struct tl_ctr c[8];
	int n;

	n = tl_ctr_parse_list(TL_RT_PODMAN, false, false, podman_ps, c, 8);
	TL_CHECK(n == 3, "podman ps: 3 containers (%d)", n);
	if (n == 3) {
		TL_CHECK_STR(c[0].name, "web", "podman name");
		TL_CHECK(c[0].running && c[0].pid == 13013 && c[0].rt == TL_RT_PODMAN,
			 "running, pid from the list");
		TL_CHECK(!c[1].running && !strcmp(c[1].state, "exited"), "exited");
	}
	n = tl_ctr_parse_list(TL_RT_DOCKER, true, false, docker_api, c, 8);
	TL_CHECK(n == 1 && !strcmp(c[0].name, "web") && c[0].running && !c[0].pid,
		 "docker API: '/web' is web, pid asked later");
	n = tl_ctr_parse_list(TL_RT_CONTAINERD, false, false, crictl_ps, c, 8);
	TL_CHECK(n == 1 && !strcmp(c[0].name, "coredns") && c[0].running &&
			 !strcmp(c[0].pod, "kube-system/coredns-5d78c9869d-x7k2p") &&
			 !strcmp(c[0].pod_id, "aa11") && !c[0].is_pod,
		 "crictl ps: name, pod, sandbox");
	n = tl_ctr_parse_list(TL_RT_CONTAINERD, false, true, crictl_pods, c, 8);
	TL_CHECK(n == 2 && c[0].is_pod && c[0].running && !c[1].running &&
			 !strcmp(c[1].pod, "default/web"),
		 "crictl pods: ready and not ready");
	TL_CHECK(tl_ctr_parse_list(TL_RT_PODMAN, false, false, "null", c, 8) == 0,
		 "podman with no container says null");
	TL_CHECK(tl_ctr_parse_list(TL_RT_CONTAINERD, false, false, "{}", c, 8) == 0,
		 "crictl with no container leaves the list out");
	TL_CHECK(tl_ctr_parse_list(TL_RT_DOCKER, true, false, "{\"message\":\"page not found\"}", c,
				   8) == -EPROTO,
		 "an error object is not a list");
	TL_CHECK(tl_ctr_parse_list(TL_RT_DOCKER, true, false, "[{\"Names\":[\"/x\"]}]", c, 8) ==
			 -EPROTO,
		 "a container without an Id");
	TL_CHECK(tl_ctr_parse_list(TL_RT_PODMAN, false, false, "Error: no such", c, 8) == -EPROTO,
		 "text is not JSON");
	TL_CHECK(tl_ctr_parse_list(TL_RT_PODMAN, false, false, podman_ps, c, 2) == 2,
		 "at most max");
}

static void test_match(void)
{
	struct tl_ctr c[16];
	int n, m, match[TL_CTR_MATCH_MAX];

	n = tl_ctr_parse_list(TL_RT_PODMAN, false, false, podman_ps, c, 16);
	n += tl_ctr_parse_list(TL_RT_DOCKER, true, false, docker_api, c + n, 16 - n);
	/* podman's compatible socket, asked as docker, lists podman's own containers again. */
	n += tl_ctr_parse_list(
		TL_RT_DOCKER, true, false,
		"[{\"Id\":\"c2ff000000000000000000000000000000000000000000000000000000"
		"000001\",\"Names\":[\"/other\"],\"State\":\"running\"}]",
		c + n, 16 - n);
	TL_CHECK(n == 5, "five listed (%d)", n);
	m = tl_ctr_match(c, n, "stopped", match);
	TL_CHECK(m == 1 && !strcmp(c[match[0]].name, "stopped"), "by name");
	m = tl_ctr_match(c, n, "web", match);
	TL_CHECK(m == 2 && c[match[0]].rt == TL_RT_PODMAN && c[match[1]].rt == TL_RT_DOCKER,
		 "web in podman and docker: two (%d)", m);
	m = tl_ctr_match(c, n, "0de1", match);
	TL_CHECK(m == 1 && !strcmp(c[match[0]].name, "stopped"), "a unique ID prefix");
	m = tl_ctr_match(c, n, "c2", match);
	TL_CHECK(m == 2, "c2 begins two IDs (%d)", m);
	m = tl_ctr_match(c, n, "c2ff", match);
	TL_CHECK(m == 1, "the same ID through two runtimes is one container (%d)", m);
	m = tl_ctr_match(c, n, "other", match);
	TL_CHECK(m == 1 && c[match[0]].pid == 4242, "by name, the first listing wins (%d)", m);
	m = tl_ctr_match(c, n, "0de16be0b84b245c9a5fcd3d6b2d035367c047c590ee92a4eaabeddcae43e21a",
			 match);
	TL_CHECK(m == 1, "the whole ID");
	TL_CHECK(tl_ctr_match(c, n, "nosuch", match) == 0, "unknown name");
	TL_CHECK(tl_ctr_match(c, n, "", match) == 0, "empty matches nothing");

	n = tl_ctr_parse_list(TL_RT_CONTAINERD, false, true, crictl_pods, c, 16);
	m = tl_ctr_match(c, n, "kube-system/coredns-5d78c9869d-x7k2p", match);
	TL_CHECK(m == 1 && c[match[0]].is_pod, "a pod by NAMESPACE/NAME");
	TL_CHECK(tl_ctr_match(c, n, "coredns-5d78c9869d-x7k2p", match) == 0,
		 "a pod needs its namespace");
	TL_CHECK(tl_ctr_match(c, n, "web", match) == 0, "nor by name alone");
	n = tl_ctr_parse_list(TL_RT_CONTAINERD, false, false, crictl_ps, c, 16);
	TL_CHECK(tl_ctr_match(c, n, "kube-system/coredns-5d78c9869d-x7k2p", match) == 0,
		 "--container does not take a pod's name");
}

int main(void)
{
	test_json();
	test_lists();
	test_match();
	return tl_test_done("container");
}
