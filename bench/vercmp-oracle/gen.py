"""gen.py: random version pairs for the comparator oracles.

    python3 gen.py SCHEME COUNT SEED     (SCHEME: deb apk rpm semver pep440
                                          npm-range)

Prints COUNT lines "A B" (npm-range: "VERSION<TAB>RANGE").  The generator
is biased toward what breaks comparators: '~' and '^', epochs, leading
zeros, suffix and label spellings, pre/post/dev releases, local labels,
prerelease identifiers, and near-equal pairs (B is usually a small
mutation of A, so equal and adjacent versions are common).  A few percent
of the strings are malformed on purpose, to check that both sides call
the same strings invalid.  Deterministic for a given SEED.
"""
import random
import sys


def pick(r, xs):
    return xs[r.randrange(len(xs))]


NUMS = ["0", "0", "1", "1", "2", "9", "10", "00", "01", "010", "99", "123",
        "2023", "20230101", "999999999"]


# ---- dpkg --------------------------------------------------------------
def deb_part(r, rev):
    alpha = ["a", "b", "z", "A", "Z", "rc", "alpha", "dfsg", "git", "p",
             "deb", "ubuntu", "bpo", "b", "build", "really"]
    seps = [".", ".", "+", "~", "~~", ":", "-"] if not rev else \
        [".", ".", "+", "~", "~~"]
    out = [pick(r, NUMS)] if not rev or r.random() < .7 else []
    for _ in range(r.randrange(0, 5)):
        k = r.random()
        if k < .4:
            out.append(pick(r, seps))
            out.append(pick(r, NUMS))
        elif k < .7:
            out.append(pick(r, alpha))
        elif k < .85:
            out.append(pick(r, seps))
        else:
            out.append(pick(r, NUMS))
    s = "".join(out)
    return s or "0"


def deb(r):
    s = ""
    if r.random() < .25:
        s = pick(r, ["0", "1", "2", "10", "00", "01", "+1"]) + ":"
    s += deb_part(r, False)
    if r.random() < .6:
        s += "-" + deb_part(r, True)
    if r.random() < .03:
        s = bad(r, s, "_!@/=,")
    return s


def bad(r, s, chars):
    i = r.randrange(len(s) + 1)
    return s[:i] + pick(r, list(chars) + [""]) + s[i:]


# ---- apk ---------------------------------------------------------------
def apk(r):
    s = pick(r, NUMS[:-2])
    for _ in range(r.randrange(0, 4)):
        s += "." + pick(r, ["0", "00", "1", "05", "10", "2", "000", "3"])
    if r.random() < .2:
        s += pick(r, ["a", "b", "z", "p"])
    for _ in range(r.choice([0, 0, 1, 1, 2])):
        s += "_" + pick(r, ["alpha", "beta", "pre", "rc", "p", "cvs", "svn",
                            "git", "hg"])
        if r.random() < .6:
            s += pick(r, ["0", "1", "2", "10", "20230101", "01"])
    if r.random() < .6:
        s += "-r" + pick(r, ["0", "1", "2", "10", "01", "100"])
    if r.random() < .04:
        s = bad(r, s, "._-A") if r.random() < .5 else s + pick(
            r, ["_foo", ".a", "bc", "-r1.1", "_alpha.1"])
    return s


# ---- rpm ---------------------------------------------------------------
def rpm_part(r):
    toks = NUMS + ["a", "b", "rc", "beta", "el", "el9", "fc", "git", "post",
                   "Z", "p"]
    seps = [".", ".", "_", "+", "~", "^", "~~", "^^", "..", "-"]
    s = pick(r, toks)
    for _ in range(r.randrange(0, 5)):
        if r.random() < .6:
            s += pick(r, seps[:-1])
        s += pick(r, toks)
    if r.random() < .1:
        s += pick(r, ["~", "^", "."])
    return s


def rpm(r):
    s = ""
    if r.random() < .25:
        s = pick(r, ["0", "1", "2", "01", ""]) + ":"
    s += rpm_part(r)
    if r.random() < .6:
        s += "-" + rpm_part(r)
    return s


# ---- semver ------------------------------------------------------------
def sv_ident(r):
    if r.random() < .02:
        return "01"
    return pick(r, ["0", "1", "2", "10", "99999999999", "alpha", "beta",
                    "rc", "a", "b", "x-y", "-", "0a", "1a", "A", "Z", "zz"])


def semver(r, allow_bad=True):
    core = [pick(r, ["0", "0", "1", "2", "9", "10", "11"] + (["01"] if r.random() < .05 else []))
            for _ in range(3)]
    s = ("v" if r.random() < .1 else "") + ".".join(core)
    if r.random() < .5:
        s += "-" + ".".join(sv_ident(r) for _ in range(r.randrange(1, 4)))
    if r.random() < .15:
        s += "+" + ".".join(pick(r, ["build", "001", "sha", "x-y", "1"])
                            for _ in range(r.randrange(1, 3)))
    if allow_bad and r.random() < .03:
        s = bad(r, s, ".-+_")
    return s


# ---- PEP 440 -----------------------------------------------------------
def case(r, w):
    return "".join(c.upper() if r.random() < .2 else c for c in w)


def pep440(r):
    sep = ["", "", ".", "-", "_"]
    s = ("v" if r.random() < .05 else "")
    if r.random() < .1:
        s += pick(r, ["0", "1", "2", "01"]) + "!"
    s += ".".join(pick(r, ["0", "0", "1", "2", "00", "01", "10"])
                  for _ in range(r.randrange(1, 5)))
    if r.random() < .35:
        s += pick(r, sep) + case(r, pick(r, ["a", "b", "c", "rc", "alpha",
                                             "beta", "pre", "preview"]))
        if r.random() < .8:
            s += pick(r, sep) + pick(r, ["0", "1", "2", "01", "10"])
    if r.random() < .25:
        if r.random() < .3:
            s += "-" + pick(r, ["0", "1", "2"])
        else:
            s += pick(r, sep) + case(r, pick(r, ["post", "rev", "r"]))
            if r.random() < .8:
                s += pick(r, sep) + pick(r, ["0", "1", "2", "01"])
    if r.random() < .25:
        s += pick(r, sep) + case(r, "dev")
        if r.random() < .8:
            s += pick(r, sep) + pick(r, ["0", "1", "2", "01"])
    if r.random() < .15:
        s += "+" + pick(r, [".", "-", "_"]).join(
            pick(r, ["abc", "1", "01", "ubuntu", "A", "2", "x1"])
            for _ in range(r.randrange(1, 4)))
    if r.random() < .03:
        s = bad(r, s, ".-_+!")
    return s


# ---- npm ranges --------------------------------------------------------
def partial(r):
    n = r.choice([1, 2, 3, 3, 3])
    parts = [pick(r, ["0", "1", "2", "x", "*", "X"] if r.random() < .3
                  else ["0", "1", "2", "3"]) for _ in range(n)]
    s = ".".join(parts)
    if n == 3 and r.random() < .25:
        s += "-" + pick(r, ["0", "alpha", "beta.1", "rc.2"])
    return pick(r, ["", "", "", "v", "="]) + s


def comparator(r):
    return pick(r, ["", "<", "<=", ">", ">=", "=", "~", "^", "~>"]) + \
        pick(r, ["", "", "", " "]) + partial(r)


def npm_range(r):
    sets = []
    for _ in range(r.choice([1, 1, 2, 3])):
        if r.random() < .15:
            sets.append(partial(r) + " - " + partial(r))
        else:
            sets.append(" ".join(comparator(r)
                                 for _ in range(r.choice([1, 1, 2, 3]))))
    return " || ".join(sets)


def npm_version(r):
    core = [pick(r, ["0", "1", "2", "3"]) for _ in range(3)]
    s = ".".join(core)
    if r.random() < .35:
        s += "-" + pick(r, ["0", "alpha", "beta.1", "rc.2", "alpha.1"])
    return s


# ---- pairs -------------------------------------------------------------
def mutate(r, s, gen):
    k = r.random()
    if k < .25 or not s:
        return s
    if k < .55:
        i = r.randrange(len(s))
        return s[:i] + pick(r, list("0123456789.~^-+_:abrp")) + s[i + 1:]
    if k < .75:
        t = gen(r)
        return s[:r.randrange(len(s) + 1)] + t[r.randrange(len(t) + 1):]
    if k < .9:
        return s[:r.randrange(1, len(s) + 1)]
    return s + pick(r, ["~", "^", ".0", "0", "a", "-1", "_p1", "-r1",
                        ".post1", ".dev0", "+1", "-0"])


GENS = {"deb": deb, "apk": apk, "rpm": rpm, "semver": semver,
        "pep440": pep440}


def main():
    scheme, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    r = random.Random(seed)
    out = []
    if scheme == "npm-range":
        for _ in range(count):
            out.append(npm_version(r) + "\t" + npm_range(r))
    else:
        gen = GENS[scheme]
        for _ in range(count):
            a = gen(r)
            b = mutate(r, a, gen) if r.random() < .7 else gen(r)
            # the batch format is whitespace-separated
            if not a or not b or any(c.isspace() for c in a + b):
                b = a = gen(r) or "1"
            out.append(a + " " + b)
    sys.stdout.write("\n".join(out) + "\n")


main()
