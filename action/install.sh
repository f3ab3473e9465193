#!/usr/bin/env bash
# install.sh: find or build the gate; prints its path as the `bin` output.
#
# Order: the `binary` input, a `shipgate` already on PATH (a container job
# using the gate's image; a warning when its version is not the action's),
# else a build of the action's own source tree (installing the Debian build
# packages with apt-get when pkg-config cannot find them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

if [ -n "${SHIPGATE_BINARY:-}" ]; then
	if [ ! -x "$SHIPGATE_BINARY" ]; then
		echo "::error::binary '$(escape_data "$SHIPGATE_BINARY")' is not an executable file"
		exit 1
	fi
	bin=$SHIPGATE_BINARY
elif command -v shipgate >/dev/null 2>&1; then
	bin=$(command -v shipgate)
	# the other steps read reports as this action's version writes them,
	# and an older gate lacks rules: another version is used, but said so
	want=$(sed -n 's/^#define SG_VERSION "\(.*\)"$/\1/p' \
		"$here/../include/shipgate/common.h")
	have=$("$bin" version 2>/dev/null | awk 'NR == 1 { print $2 }') || have=
	if [ "$have" != "$want" ]; then
		echo "::warning::$(escape_data "shipgate on PATH ($bin) is version '$have', this action is '$want': pin the gate's image to the action's version")"
	fi
else
	root=$(cd "$here/.." && pwd)
	# what the Makefile's deps step checks before it builds anything
	pkgs=(jansson libarchive libgit2 yaml-0.1 sqlite3 libcrypto check)
	if ! command -v pkg-config >/dev/null 2>&1 ||
		! pkg-config --exists "${pkgs[@]}" ||
		! command -v shellcheck >/dev/null 2>&1 ||
		! command -v xmllint >/dev/null 2>&1; then
		sudo=()
		if [ "$(id -u)" != 0 ]; then
			sudo=(sudo)
		fi
		echo "::group::Installing build packages"
		"${sudo[@]}" apt-get update -q
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends build-essential pkg-config check \
			libjansson-dev libarchive-dev libgit2-dev libyaml-dev \
			libsqlite3-dev libssl-dev shellcheck libxml2-utils
		echo "::endgroup::"
	fi
	echo "::group::Building shipgate"
	make -C "$root" -j"$(nproc)" build/shipgate
	echo "::endgroup::"
	bin=$root/build/shipgate
fi
"$bin" version
set_output bin "$bin"
