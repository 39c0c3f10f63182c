#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""deploy/kubernetes without a cluster: every document is checked field by field against the
Kubernetes API's own models (Debian's python3-kubernetes: unknown fields, wrong types and
missing required fields are errors), plus the rules the API server adds that matter here;
then the DaemonSet's kinds, privileges and command. The pcapng overlay is applied as
kustomize applies it (its RFC 6902 patch) and checked the same way, and compared with
`kubectl kustomize` where a kubectl is installed. Also turns the DaemonSet's container into
the podman command line that runs exactly that configuration (--podman-args), for
tests/ship/test_kube.sh. Prints "kube: N passed, N failed".

Usage: kube.py [--podman-args OVERLAY IMAGE NODE_NETNS HOSTPATH_ROOT]
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPLOY = os.path.join(ROOT, "deploy/kubernetes")
KINDS = {("v1", "Namespace"): "V1Namespace", ("v1", "ServiceAccount"): "V1ServiceAccount",
         ("apps/v1", "DaemonSet"): "V1DaemonSet"}
# capabilities(7) names, as Kubernetes takes them (without CAP_).
LINUX_CAPS = set("""CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP
LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE
SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME
SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG
WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE""".split())

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS: " + what)
    else:
        failed += 1
        print("FAIL: " + what + (": " + detail if detail else ""))


def schema_errors(obj, typename, path="", models=None):
    """Every field of obj against the API model typename: unknown, mistyped, or missing."""
    import kubernetes.client as kc
    models = models or kc.models
    errs = []
    m = re.match(r"list\[(.*)\]$", typename)
    if m:
        if not isinstance(obj, list):
            return ["%s: a list expected" % path]
        for i, v in enumerate(obj):
            errs += schema_errors(v, m.group(1), "%s[%d]" % (path, i), models)
        return errs
    m = re.match(r"dict\(str, (.*)\)$", typename)
    if m:
        if not isinstance(obj, dict):
            return ["%s: a map expected" % path]
        for k, v in obj.items():
            errs += schema_errors(v, m.group(1), "%s.%s" % (path, k), models)
        return errs
    prim = {"str": str, "bool": bool, "float": (int, float), "datetime": str, "date": str}
    if typename == "int":
        ok = isinstance(obj, int) and not isinstance(obj, bool)
        return [] if ok else ["%s: a whole number expected, not %r" % (path, obj)]
    if typename in prim:
        return [] if isinstance(obj, prim[typename]) else \
            ["%s: %s expected, not %r" % (path, typename, obj)]
    if typename == "object":  # IntOrString, Quantity, raw JSON
        return []
    cls = getattr(models, typename, None)
    if cls is None:
        return ["%s: no model %s" % (path, typename)]
    if not isinstance(obj, dict):
        return ["%s: an object (%s) expected" % (path, typename)]
    by_json = {v: k for k, v in cls.attribute_map.items()}
    for k, v in obj.items():
        if k not in by_json:
            errs.append("%s.%s: unknown field of %s" % (path, k, typename))
        else:
            errs += schema_errors(v, cls.openapi_types[by_json[k]], "%s.%s" % (path, k), models)
    if not errs:
        try:  # the models' own setters refuse a missing required field
            kc.ApiClient()._ApiClient__deserialize(obj, typename)
        except (ValueError, TypeError) as e:
            errs.append("%s: %s" % (path or typename, e))
    return errs


def server_rules(ds):
    """What the API server's validation adds that the models do not say."""
    errs = []
    spec = ds["spec"]
    tmpl = spec["template"]
    labels = tmpl.get("metadata", {}).get("labels", {})
    for k, v in spec["selector"].get("matchLabels", {}).items():
        if labels.get(k) != v:
            errs.append("selector %s=%s does not match the template's labels" % (k, v))
    pod = tmpl["spec"]
    vols = {v["name"] for v in pod.get("volumes", [])}
    for c in pod["containers"]:
        if not re.match(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", c["name"]):
            errs.append("container name %r is not a DNS label" % c["name"])
        for vm in c.get("volumeMounts", []):
            if vm["name"] not in vols:
                errs.append("volumeMount %s names no volume" % vm["name"])
        sc = c.get("securityContext", {})
        caps = sc.get("capabilities", {})
        for cap in caps.get("add", []) + caps.get("drop", []):
            if cap != "ALL" and cap.upper().removeprefix("CAP_") not in LINUX_CAPS:
                errs.append("unknown capability %s" % cap)
        if sc.get("allowPrivilegeEscalation") is False and (
                sc.get("privileged") or "SYS_ADMIN" in caps.get("add", [])):
            errs.append("allowPrivilegeEscalation: false with privileged or SYS_ADMIN")
    if pod.get("hostNetwork") and pod.get("dnsPolicy") not in ("ClusterFirstWithHostNet",
                                                                "Default", None):
        errs.append("hostNetwork with dnsPolicy %s" % pod.get("dnsPolicy"))
    return errs


def load(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def json_pointer_add(doc, path, value):
    """RFC 6902 "add", the one operation the overlay uses."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path.lstrip("/").split("/")]
    cur = doc
    for p in parts[:-1]:
        cur = cur[int(p)] if isinstance(cur, list) else cur[p]
    last = parts[-1]
    if isinstance(cur, list):
        cur.append(value) if last == "-" else cur.insert(int(last), value)
    else:
        cur[last] = value


def overlay(name):
    """The base's documents with the overlay's patches applied, as kustomize applies them."""
    kz = yaml.safe_load(open(os.path.join(DEPLOY, name, "kustomization.yaml")))
    docs = []
    for r in kz["resources"]:
        base = os.path.normpath(os.path.join(DEPLOY, name, r))
        bkz = yaml.safe_load(open(os.path.join(base, "kustomization.yaml")))
        for f in bkz["resources"]:
            docs += load(os.path.join(base, f))
    docs = copy.deepcopy(docs)
    for p in kz.get("patches", []):
        ops = yaml.safe_load(open(os.path.join(DEPLOY, name, p["path"])))
        t = p["target"]
        for d in docs:
            if d["kind"] == t["kind"] and d["metadata"]["name"] == t["name"]:
                for op in ops:
                    if op["op"] != "add":
                        raise ValueError("only add is applied here: " + op["op"])
                    json_pointer_add(d, op["path"], op["value"])
    return docs


def daemonset(docs):
    return next(d for d in docs if d["kind"] == "DaemonSet")


def podman_args(ds, image, node_netns, host_root):
    """podman run arguments for the DaemonSet's one container, field by field. The node's
    network namespace is node_netns (a private one: tests never trace the host's eth0) and
    every hostPath lives under host_root."""
    pod = ds["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    sc = c.get("securityContext", {})
    a = []
    a += ["--network", "ns:" + node_netns] if pod.get("hostNetwork") else ["--network", "none"]
    a += ["--pid", "host"] if pod.get("hostPID") else []
    if sc.get("privileged"):
        a += ["--privileged"]
    caps = sc.get("capabilities", {})
    if caps.get("drop"):
        a += ["--cap-drop", ",".join(caps["drop"])]
    if caps.get("add"):
        a += ["--cap-add", ",".join(caps["add"])]
    if sc.get("readOnlyRootFilesystem"):
        a += ["--read-only"]
    if sc.get("allowPrivilegeEscalation") is False:
        a += ["--security-opt", "no-new-privileges"]
    seccomp = sc.get("seccompProfile", pod.get("securityContext", {}).get("seccompProfile", {}))
    if seccomp.get("type") == "Unconfined":
        a += ["--security-opt", "seccomp=unconfined"]
    elif seccomp.get("type") not in (None, "RuntimeDefault"):
        raise ValueError("seccomp profile %s is not run here" % seccomp)
    if "runAsUser" in sc:
        a += ["--user", str(sc["runAsUser"])]
    vols = {v["name"]: v for v in pod.get("volumes", [])}
    for vm in c.get("volumeMounts", []):
        hp = vols[vm["name"]]["hostPath"]
        src = os.path.join(host_root, hp["path"].lstrip("/"))
        if hp.get("type") == "DirectoryOrCreate":
            os.makedirs(src, exist_ok=True)
        a += ["-v", "%s:%s%s" % (src, vm["mountPath"], ":ro" if vm.get("readOnly") else "")]
    mem = c.get("resources", {}).get("limits", {}).get("memory")
    if mem:
        m = re.match(r"^(\d+)(Ki|Mi|Gi)?$", mem)
        a += ["--memory", "%d" % (int(m.group(1)) * {None: 1, "Ki": 1 << 10, "Mi": 1 << 20,
                                                     "Gi": 1 << 30}[m.group(2)])]
    for e in c.get("env", []):
        a += ["-e", "%s=%s" % (e["name"], e["value"])]
    a += ["--entrypoint", json.dumps(c["command"])]
    return a + [image] + c.get("args", [])


def check_documents(docs, what):
    kinds = sorted(d["kind"] for d in docs)
    check(kinds == ["DaemonSet", "Namespace", "ServiceAccount"], what + ": kinds " + str(kinds))
    for d in docs:
        model = KINDS.get((d.get("apiVersion"), d.get("kind")))
        errs = schema_errors(d, model) if model else ["unknown apiVersion/kind"]
        check(not errs, "%s: %s %s against the API's %s" % (what, d["kind"],
                                                             d["metadata"]["name"], model),
              "; ".join(errs[:5]))
    ds = daemonset(docs)
    errs = server_rules(ds)
    check(not errs, what + ": the API server's rules", "; ".join(errs))
    ns = {d["metadata"]["name"] for d in docs if d["kind"] == "Namespace"}
    check(ds["metadata"]["namespace"] in ns, what + ": the DaemonSet's namespace is created")
    return ds


def check_privileges(ds, what):
    pod = ds["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    sc = c["securityContext"]
    caps = sc["capabilities"]
    check(pod.get("hostNetwork") is True, what + ": the node's network namespace")
    check(not pod.get("hostPID") and not pod.get("hostIPC"),
          what + ": not the node's PID or IPC namespace (-i any needs neither)")
    check(sc.get("privileged") is False, what + ": not privileged")
    check(caps.get("drop") == ["ALL"] and sorted(caps.get("add", [])) ==
          ["BPF", "NET_ADMIN", "PERFMON"],
          what + ": every capability dropped but BPF, PERFMON, NET_ADMIN", str(caps))
    check(sc.get("allowPrivilegeEscalation") is False and sc.get("readOnlyRootFilesystem"),
          what + ": no privilege escalation, a read-only root")
    check(sc.get("seccompProfile") in ({"type": "Unconfined"}, {"type": "RuntimeDefault"}),
          what + ": a seccomp profile every runtime has")
    check(pod.get("automountServiceAccountToken") is False,
          what + ": no API token (tcplens never talks to the API)")
    check({"operator": "Exists"} in pod.get("tolerations", []),
          what + ": tolerates every taint: every node")
    return c


def main():
    if sys.argv[1:2] == ["--podman-args"]:
        name, image, netns, host_root = sys.argv[2:6]
        docs = overlay(name) if name != "base" else load(os.path.join(DEPLOY, "base/tcplens.yaml"))
        print(json.dumps(podman_args(daemonset(docs), image, netns, host_root)))
        return 0

    base = load(os.path.join(DEPLOY, "base/tcplens.yaml"))
    ds = check_documents(base, "base")
    c = check_privileges(ds, "base")
    check(c["command"] == ["/usr/sbin/tcplens"] and
          c["args"] == ["-i", "any", "-n", "--json", "-l"],
          "base: tcplens -i any -n --json -l", str(c.get("command")) + str(c.get("args")))
    check(ds["spec"]["updateStrategy"]["type"] == "RollingUpdate", "base: rolling update")
    check("limits" in c["resources"] and "memory" in c["resources"]["limits"],
          "base: a memory limit")

    pc = overlay("pcapng")
    pds = check_documents(pc, "pcapng")
    pcc = check_privileges(pds, "pcapng")
    args = pcc["args"]
    check(args[:5] == ["-i", "any", "-n", "--json", "-l"] and
          args[5:] == ["-w", "/var/log/tcplens/trace.pcapng", "-C", "100", "-W", "10"],
          "pcapng: -w into the hostPath, -C 100 -W 10", str(args))
    mounts = {m["mountPath"]: m["name"] for m in pcc.get("volumeMounts", [])}
    vols = {v["name"]: v for v in pds["spec"]["template"]["spec"].get("volumes", [])}
    check(vols.get(mounts.get("/var/log/tcplens"), {}).get("hostPath", {}).get("path") ==
          "/var/log/tcplens", "pcapng: /var/log/tcplens is the node's /var/log/tcplens")

    kubectl = shutil.which("kubectl")
    if kubectl:
        r = subprocess.run([kubectl, "kustomize", os.path.join(DEPLOY, "pcapng")],
                           capture_output=True, text=True, timeout=60)
        if r.returncode == 0:
            theirs = [d for d in yaml.safe_load_all(r.stdout) if d]
            key = lambda d: (d["kind"], d["metadata"]["name"])  # noqa: E731
            check(sorted(theirs, key=key) == sorted(pc, key=key),
                  "pcapng: kubectl kustomize builds the same documents")
        else:
            check(False, "kubectl kustomize deploy/kubernetes/pcapng", r.stderr.strip()[:300])
    else:
        print("# no kubectl here: the overlay was applied by this script alone")

    # The checks can fail: a privileged copy, a misspelt field, a missing required one.
    bad = copy.deepcopy(base)
    daemonset(bad)["spec"]["template"]["spec"]["containers"][0]["securityContext"][
        "privileged"] = True
    check(False in check_silent(lambda: check_privileges(daemonset(bad), "x")),
          "a privileged DaemonSet is caught")
    bad = copy.deepcopy(ds)
    bad["spec"]["template"]["spec"]["hostNetwrok"] = True
    check(any("hostNetwrok" in e for e in schema_errors(bad, "V1DaemonSet")),
          "a misspelt field is caught")
    bad = copy.deepcopy(ds)
    del bad["spec"]["template"]["spec"]["containers"][0]["name"]
    check(schema_errors(bad, "V1DaemonSet") != [], "a container without a name is caught")
    bad = copy.deepcopy(ds)
    bad["spec"]["template"]["spec"]["containers"][0]["securityContext"]["capabilities"][
        "add"].append("SYS_ADMIN")
    check(server_rules(bad) != [], "SYS_ADMIN with allowPrivilegeEscalation: false is caught")
    print("kube: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def check_silent(fn):
    """The PASS/FAIL results fn would record, recorded nowhere."""
    global passed, failed
    p, f = passed, failed
    out = sys.stdout
    results = []
    try:
        sys.stdout = open(os.devnull, "w")
        before = (passed, failed)
        fn()
        results = [True] * (passed - before[0]) + [False] * (failed - before[1])
    finally:
        sys.stdout.close()
        sys.stdout = out
        passed, failed = p, f
    return results


if __name__ == "__main__":
    sys.exit(main())
