"""pep440-oracle.py: python3-packaging as a batch oracle.

Reads "A B" lines on stdin, prints one of < = > invalid per line.
Run with Debian's /usr/bin/python3 (apt-get install python3-packaging).
"""
import sys

from packaging.version import InvalidVersion, Version


def main():
    out = []
    for line in sys.stdin:
        a, b = line.split()
        try:
            va, vb = Version(a), Version(b)
        except InvalidVersion:
            out.append("invalid")
            continue
        out.append("<" if va < vb else ">" if va > vb else "=")
    sys.stdout.write("".join(x + "\n" for x in out))


main()
