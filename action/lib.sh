#!/usr/bin/env bash
# lib.sh: helpers the action's scripts share (sourced, never run).

# Write a step output in the delimiter form, so a value holding a newline
# (a path from an input) cannot add outputs of its own.
set_output() { # NAME VALUE
	local delim
	delim="shipgate_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
	{
		printf '%s<<%s\n' "$1" "$delim"
		printf '%s\n' "$2"
		printf '%s\n' "$delim"
	} >> "${GITHUB_OUTPUT:-/dev/null}"
}

# Workflow-command escaping (actions/toolkit command.ts): the message part,
# and property values, which also escape ':' and ','.
escape_data() {
	local s=$1
	s=${s//'%'/'%25'}
	s=${s//$'\r'/'%0D'}
	s=${s//$'\n'/'%0A'}
	printf '%s' "$s"
}

escape_property() {
	local s
	s=$(escape_data "$1")
	s=${s//':'/'%3A'}
	s=${s//','/'%2C'}
	printf '%s' "$s"
}

warn() { printf '::warning::%s\n' "$(escape_data "$1")"; }
error() { printf '::error::%s\n' "$(escape_data "$1")"; }
