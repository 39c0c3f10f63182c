# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
# bash completion for tcplens(8). Options and their fixed values are read from `tcplens
# --help` (the option table in user/opts.c), so this file never lists an option itself.
# Interfaces after -i are those of the namespace named before it (--netns, --pid,
# --container), container names come from podman and docker.

# The options --help names: "  -P, --time-stamp-precision micro|nano   ..." gives -P and
# --time-stamp-precision.
_tcplens_options() {
	"$1" --help 2>/dev/null | awk '/^  -/ {
		sub(/^  /, ""); sub(/  .*/, "")
		n = split($0, w, /[ ,]+/)
		for (i = 1; i <= n; i++) if (w[i] ~ /^-/) print w[i]
	}'
}

# The values of an option from --help: "--lang en|ja" gives en and ja; a placeholder such as
# "--hook HOOK" gives the list its description starts with ("auto (...), tcx, tc, ...").
_tcplens_values() {
	"$1" --help 2>/dev/null | awk -v opt="$2" '/^  -/ {
		line = $0; sub(/^  /, "", line)
		label = line; sub(/  .*/, "", label)
		n = split(label, w, /[ ,]+/)
		for (i = 1; i <= n; i++) {
			if (w[i] != opt) continue
			while (i < n && w[i] ~ /^-/) i++	# -P, --time-stamp-precision micro|nano
			if (w[i] ~ /\|/) { gsub(/\|/, " ", w[i]); print w[i]; exit }
			desc = substr(line, length(label) + 1); sub(/^ +/, "", desc)
			gsub(/\([^)]*\)/, "", desc); gsub(/,/, " ", desc); print desc; exit
		}
	}'
}

# Interface names of a namespace: ip's one-line listing, "2: eth0@if5: <...>" -> eth0.
_tcplens_links() {
	"$@" -o link show 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
}

_tcplens_container_pid() {
	local rt pid

	for rt in podman docker; do
		command -v "$rt" >/dev/null || continue
		pid=$(timeout 3 "$rt" inspect --format '{{.State.Pid}}' "$1" 2>/dev/null)
		[ -n "$pid" ] && [ "$pid" != 0 ] && { echo "$pid"; return; }
	done
}

# The interfaces -i can name here: of the scope option closest before the word.
_tcplens_ifaces() {
	local i=$1 pid

	shift
	while [ "$i" -gt 0 ]; do
		case ${COMP_WORDS[i - 1]} in
		--netns)
			case ${COMP_WORDS[i]} in
			*/*) _tcplens_links nsenter --net="${COMP_WORDS[i]}" ip ;;
			*) _tcplens_links ip -n "${COMP_WORDS[i]}" ;;
			esac
			return ;;
		--pid)
			_tcplens_links nsenter -t "${COMP_WORDS[i]}" -n ip
			return ;;
		--container)
			pid=$(_tcplens_container_pid "${COMP_WORDS[i]#*:}")
			[ -n "$pid" ] && _tcplens_links nsenter -t "$pid" -n ip
			return ;;
		--pod)
			return ;;
		esac
		i=$((i - 1))
	done
	_tcplens_links ip
}

_tcplens_containers() {
	local rt

	for rt in podman docker; do
		command -v "$rt" >/dev/null &&
			timeout 3 "$rt" ps --format '{{.Names}}' 2>/dev/null
	done
}

_tcplens() {
	local cmd=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev= words

	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	case $prev in
	-r | -w | -F)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	-i)
		words="any $(_tcplens_ifaces $((COMP_CWORD - 1)))" ;;
	--netns)
		words=$(ip netns list 2>/dev/null | awk '{ print $1 }')
		if [[ $cur == */* ]]; then
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			compopt -o filenames 2>/dev/null
			return
		fi ;;
	--pid)
		words=$(ps -eo pid= 2>/dev/null) ;;
	--container)
		words=$(_tcplens_containers) ;;
	-Z)
		mapfile -t COMPREPLY < <(compgen -u -- "$cur")
		return ;;
	--hook | --lang | --rings | -P | --time-stamp-precision)
		words=$(_tcplens_values "$cmd" "$prev") ;;
	-c | -C | -G | -W | -s | --ring-size | --flows | --sample | --pod)
		return ;;
	*)
		[[ $cur == -* ]] || return
		words=$(_tcplens_options "$cmd") ;;
	esac
	# shellcheck disable=SC2207 # words are option names, interfaces and container names
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}

complete -F _tcplens tcplens
