#!/usr/bin/python3
"""check_meta.py: META.json against the PGXN Meta Spec 1.0.0
(https://pgxn.org/meta/spec.txt) and against the rest of the tree:
the version of civil_affairs.control, the top of CHANGELOG.md and of
debian/changelog, files that exist.  Run from the repository root; prints
"ok - ..." / "not ok - ..." and "meta: N passed, N failed".
"""
import json
import os
import re
import sys

passed = failed = 0


def check(ok, description):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {description}")
    else:
        failed += 1
        print(f"not ok - {description}")


SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+)?$")
# The spec's license strings.
LICENSES = {"agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd",
            "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit",
            "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay",
            "sun", "zlib", "open_source", "restricted", "unrestricted", "unknown"}
PHASES = {"configure", "build", "test", "runtime", "develop"}
RELATIONS = {"requires", "recommends", "suggests", "conflicts"}


def version_range(value):
    if value == 0 or value == "0":
        return True
    if not isinstance(value, str):
        return False
    return all(re.match(r"^\s*(==|!=|>=|<=|>|<)?\s*", part) and
               SEMVER.match(re.sub(r"^\s*(==|!=|>=|<=|>|<)?\s*", "", part).strip())
               for part in value.split(","))


try:
    with open("META.json", encoding="utf-8") as f:
        meta = json.load(f)
    check(True, "META.json is valid JSON")
except (OSError, ValueError) as error:
    check(False, f"META.json is valid JSON: {error}")
    print(f"meta: {passed} passed, {failed} failed")
    sys.exit(1)

for key in ("name", "abstract", "version", "maintainer", "license", "provides", "meta-spec"):
    check(key in meta, f"required key '{key}'")
check(isinstance(meta.get("name"), str) and len(meta["name"]) >= 2
      and not re.search(r"[\s/\\:]", meta["name"]), "name: at least two characters, no space, slash or colon")
check(isinstance(meta.get("abstract"), str) and meta["abstract"].strip() != "", "abstract: a string")
check(SEMVER.match(str(meta.get("version", ""))) is not None, f"version {meta.get('version')!r} is a semantic version")
maint = meta.get("maintainer")
check(isinstance(maint, str) or (isinstance(maint, list) and maint and all(isinstance(m, str) for m in maint)),
      "maintainer: a string or a list of strings")
lic = meta.get("license")
check(lic in LICENSES or (isinstance(lic, list) and all(l in LICENSES for l in lic))
      or (isinstance(lic, dict) and lic), f"license {lic!r} is one the spec names")
spec = meta.get("meta-spec", {})
check(spec.get("version") == "1.0.0", "meta-spec version 1.0.0")
check(meta.get("release_status", "stable") in ("stable", "testing", "unstable"), "release_status is stable, testing or unstable")
provides = meta.get("provides", {})
check(isinstance(provides, dict) and provides, "provides: at least one extension")
for ext, info in provides.items():
    check(isinstance(info, dict) and "file" in info and "version" in info, f"provides.{ext}: file and version")
    check(SEMVER.match(str(info.get("version", ""))) is not None, f"provides.{ext}.version is a semantic version")
    check(os.path.isfile(info.get("file", "")), f"provides.{ext}.file {info.get('file')} exists")
    if "docfile" in info:
        check(os.path.isfile(info["docfile"]), f"provides.{ext}.docfile {info['docfile']} exists")
for phase, relations in meta.get("prereqs", {}).items():
    check(phase in PHASES, f"prereqs phase '{phase}'")
    for relation, prereqs in relations.items():
        check(relation in RELATIONS, f"prereqs.{phase}.{relation}")
        for name, version in prereqs.items():
            check(version_range(version), f"prereqs.{phase}.{relation}.{name}: version {version!r}")
check(all(isinstance(t, str) and 0 < len(t) < 256 for t in meta.get("tags", [])), "tags: strings of 1 to 255 characters")
for kind in ("file", "directory"):
    for path in meta.get("no_index", {}).get(kind, []):
        check(os.path.exists(path), f"no_index.{kind} {path} exists")

# Agreement with the tree.
with open("civil_affairs.control", encoding="utf-8") as f:
    control = re.search(r"^default_version = '([^']+)'", f.read(), re.M).group(1)
check(meta.get("version") == control, f"version {meta.get('version')} = default_version {control} of civil_affairs.control")
check(provides.get("civil_affairs", {}).get("version") == control, "provides.civil_affairs.version = default_version")
with open("CHANGELOG.md", encoding="utf-8") as f:
    top = re.search(r"^## (\S+) \(([^)]*)\)", f.read(), re.M)
check(top is not None and top.group(1) == control, f"CHANGELOG.md's top section is {control}")
unreleased = top is not None and top.group(2) == "unreleased"
check((meta.get("release_status") == "unstable") == unreleased,
      "release_status is 'unstable' exactly while CHANGELOG.md says unreleased")
with open("debian/changelog", encoding="utf-8") as f:
    deb = re.match(r"^\S+ \(([^)]+)\) (\S+);", f.readline())
check(deb is not None and re.sub(r"~.*", "", deb.group(1)) == control,
      f"debian/changelog's top entry is {control} ({deb.group(1) if deb else '?'})")
check(deb is not None and (deb.group(2) == "UNRELEASED") == unreleased,
      "debian/changelog is UNRELEASED exactly while CHANGELOG.md says unreleased")

print(f"meta: {passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
