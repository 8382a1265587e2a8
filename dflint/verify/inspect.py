"""Read what a built image contains, without a registry and without running it.

The image is saved as a docker-archive tar (`docker save`, `podman save`,
`buildah push ... docker-archive:`), and its layers are applied in order
(whiteouts included) to get the final filesystem: every file's type, mode,
owner, size and sha256, and any file's content. Comparing two such listings
proves that two Dockerfiles (e.g. one down-levelled for an older builder)
produce the same files.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import subprocess
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_WHITEOUT = ".wh."
_OPAQUE = ".wh..wh..opq"
_TYPES = {
    tarfile.REGTYPE: "file",
    tarfile.AREGTYPE: "file",
    tarfile.DIRTYPE: "dir",
    tarfile.SYMTYPE: "symlink",
    tarfile.CHRTYPE: "char",
    tarfile.BLKTYPE: "block",
    tarfile.FIFOTYPE: "fifo",
}


@dataclass(frozen=True, slots=True)
class ImagePlatform:
    os: str
    architecture: str
    variant: str | None = None

    def __str__(self) -> str:
        return "/".join(part for part in (self.os, self.architecture, self.variant) if part)


@dataclass(frozen=True, slots=True)
class ImageFile:
    """One path of the image's final filesystem (hard links resolved to their content)."""

    path: str  # absolute, e.g. "/etc/passwd"
    type: str  # file, dir, symlink, char, block, fifo
    mode: int  # permission bits including setuid/setgid/sticky, e.g. 0o755
    uid: int
    gid: int
    size: int
    sha256: str | None  # regular files only
    link_target: str | None  # symlinks only


# Empty mount points that a RUN step can leave behind in the image: BuildKit
# leaves /dev, /proc and /sys, Buildah also /run and empty /etc/hosts,
# /etc/hostname and /etc/resolv.conf; the legacy builder leaves none.
RUN_MOUNT_POINTS = frozenset({"/dev", "/proc", "/sys", "/run", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"})


@dataclass(frozen=True, slots=True)
class FileDifference:
    path: str
    left: ImageFile | None  # None: the path is only on the right
    right: ImageFile | None


def differences(left: dict[str, ImageFile], right: dict[str, ImageFile]) -> list[FileDifference]:
    """Paths whose entries differ between two listings (`ImageArchive.files()`).

    A RUN mount point present and empty on one side only is not a difference:
    it says which builder ran the RUN, not what the Dockerfile produced.
    """
    found = []
    for path in sorted(left.keys() | right.keys()):
        a, b = left.get(path), right.get(path)
        if a == b:
            continue
        if (a is None and _empty_mount_point(path, right)) or (b is None and _empty_mount_point(path, left)):
            continue
        found.append(FileDifference(path, a, b))
    return found


def _empty_mount_point(path: str, files: dict[str, ImageFile]) -> bool:
    entry = files[path]
    if path not in RUN_MOUNT_POINTS or entry.size:
        return False
    return not any(other.startswith(path + "/") for other in files)


@dataclass(frozen=True, slots=True)
class _Source:
    layer: str  # member name of the layer tar inside the archive
    member: str  # member name inside the layer tar


class ImageArchive:
    """A docker-archive tar: its config (platform) and its flattened filesystem."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with tarfile.open(self.path) as archive:
            manifest = json.load(archive.extractfile("manifest.json"))[0]
            self.config = json.load(archive.extractfile(manifest["Config"]))
            self.layers: list[str] = list(manifest["Layers"])
        self._files: dict[str, ImageFile] | None = None
        self._sources: dict[str, _Source] = {}

    @property
    def platform(self) -> ImagePlatform:
        return ImagePlatform(self.config.get("os", ""), self.config.get("architecture", ""), self.config.get("variant"))

    def files(self) -> dict[str, ImageFile]:
        """Every path of the final filesystem, keyed by absolute path."""
        if self._files is None:
            self._files = self._flatten()
        return self._files

    def read(self, path: str) -> bytes:
        """Content of a regular file (hard links followed)."""
        entry = self.files().get(_absolute(path))
        if entry is None or entry.type != "file":
            raise FileNotFoundError(f"{path}: no regular file in image archive {self.path}")
        source = self._sources[entry.path]
        with tarfile.open(self.path) as archive, tarfile.open(fileobj=archive.extractfile(source.layer)) as layer:
            return layer.extractfile(source.member).read()

    def _flatten(self) -> dict[str, ImageFile]:
        files: dict[str, ImageFile] = {}
        with tarfile.open(self.path) as archive:
            for layer_name in self.layers:
                with tarfile.open(fileobj=archive.extractfile(layer_name)) as layer:
                    self._apply_layer(layer_name, layer, files)
        return dict(sorted(files.items()))

    def _apply_layer(self, layer_name: str, layer: tarfile.TarFile, files: dict[str, ImageFile]) -> None:
        """Whiteouts remove paths of lower layers; then this layer's entries are added."""
        added: dict[str, ImageFile] = {}
        for member in layer:
            path = _absolute(member.name)
            directory, base = posixpath.split(path)
            if base == _OPAQUE:
                _remove_tree(files, directory, keep_root=True)
            elif base.startswith(_WHITEOUT):
                _remove_tree(files, posixpath.join(directory, base[len(_WHITEOUT) :]), keep_root=False)
            elif member.islnk():
                target = _absolute(member.linkname)
                original = added.get(target) or files.get(target)
                if original is not None:
                    added[path] = ImageFile(
                        path, "file", member.mode & 0o7777, member.uid, member.gid, original.size, original.sha256, None
                    )
                    self._sources[path] = self._sources[target]
            else:
                added[path] = _entry(path, member, layer)
                if member.isfile():
                    self._sources[path] = _Source(layer_name, member.name)
        for path, entry in added.items():
            if entry.type != "dir":
                _remove_tree(files, path, keep_root=False)  # a file replacing a directory
            files[path] = entry


def _absolute(name: str) -> str:
    """Tar member names ("./etc/x", "etc/x/") as absolute paths ("/etc/x")."""
    return posixpath.normpath("/" + name.removeprefix("./").lstrip("/"))


def _remove_tree(files: dict[str, ImageFile], root: str, keep_root: bool) -> None:
    prefix = root.rstrip("/") + "/"
    for path in [p for p in files if p.startswith(prefix) or (p == root and not keep_root)]:
        del files[path]


def _entry(path: str, member: tarfile.TarInfo, layer: tarfile.TarFile) -> ImageFile:
    sha = None
    if member.isfile():
        digest = hashlib.sha256()
        stream = layer.extractfile(member)
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
        sha = digest.hexdigest()
    kind = _TYPES.get(member.type, "other")
    return ImageFile(
        path,
        kind,
        member.mode & 0o7777,
        member.uid,
        member.gid,
        member.size if member.isfile() else 0,
        sha,
        member.linkname if member.issym() else None,
    )


def save_image(
    image: str,
    dest: Path,
    tool: str = "docker",
    executable: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 300.0,
) -> Path:
    """Write `image` as a docker-archive tar with docker, podman or buildah."""
    program = executable or tool
    if tool == "buildah":
        argv = [program, "push", image, f"docker-archive:{dest}"]
    else:
        argv = [program, "save", "-o", str(dest), image]
    _check(argv, env, timeout)
    return Path(dest)


def image_platform(
    image: str, docker: str = "docker", env: Mapping[str, str] | None = None, timeout: float = 30.0
) -> ImagePlatform:
    """The os/arch an image records, from `docker image inspect`."""
    out = _check([docker, "image", "inspect", "--format", "{{json .}}", image], env, timeout)
    data = json.loads(out)
    return ImagePlatform(data.get("Os", ""), data.get("Architecture", ""), data.get("Variant") or None)


def _check(argv: list[str], env: Mapping[str, str] | None, timeout: float) -> str:
    done = subprocess.run(
        argv,
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=dict(os.environ if env is None else env),
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"`{' '.join(argv)}` failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
        )
    return done.stdout
