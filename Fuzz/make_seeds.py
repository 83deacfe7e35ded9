#!/usr/bin/env python3
"""Writes the generated seed corpora of the fuzz targets into Corpus/ (standard library only).

    python3 Fuzz/make_seeds.py

Corpus/npy and Corpus/npz also hold copies of NumPy-written test fixtures
(Tests/KusariTests/Fixtures/npz); this script adds what NumPy does not write by default
(ZIP64 archives), the IDX files, snapshot override records and command lines.
"""
import gzip
import os
import shutil
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "KusariTests", "Fixtures", "npz")


def put(target, name, data):
    folder = os.path.join(HERE, "Corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def npy(descr, shape, payload):
    """A version 1.0 .npy file, padded as NumPy pads it."""
    dims = "(" + "".join(f"{d}, " for d in shape).rstrip(" ") + ")" if len(shape) != 1 else f"({shape[0]},)"
    if not shape:
        dims = "()"
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}"
    pad = (64 - (10 + len(header) + 1) % 64) % 64
    header = header + " " * pad + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin-1") + payload


def npz(members, compression, zip64):
    path = os.path.join(HERE, "Corpus", ".tmp.npz")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compression else zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            with archive.open(name, "w", force_zip64=zip64) as f:
                f.write(data)
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    return data


def idx(dims, payload):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + payload


def main():
    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith(".npy"):
            shutil.copy(os.path.join(FIXTURES, name), os.path.join(HERE, "Corpus", "npy", name))
        elif name in ("savez.npz", "savez_compressed.npz", "chainer_mlp.npz"):
            shutil.copy(os.path.join(FIXTURES, name), os.path.join(HERE, "Corpus", "npz", name))

    w = npy("<f4", [2, 3], struct.pack("<6f", 1, 2, 3, 4, 5, 6))
    b = npy("|u1", [4], bytes([1, 2, 3, 4]))
    s = npy("<U3", [], "abc".encode("utf-32-le"))
    members = {"l1/W.npy": w, "l1/b.npy": b, "name.npy": s}
    put("npz", "zip64_stored.npz", npz(members, False, True))
    put("npz", "zip64_deflated.npz", npz(members, True, True))
    put("npz", "stored.npz", npz(members, False, False))
    put("npz", "empty.npz", npz({}, False, False))

    labels = idx([5], bytes([0, 1, 2, 3, 9]))
    images = idx([2, 28, 28], bytes(range(256)) * 6 + bytes(2 * 784 - 256 * 6))
    # First byte: bit 0 = gzip'd, bit 1 = images (3-d); see FuzzIDX.swift.
    put("idx", "labels_raw", b"\x00" + labels)
    put("idx", "labels_gz", b"\x01" + gzip.compress(labels, mtime=0))
    put("idx", "images_raw", b"\x02" + images)
    put("idx", "images_gz", b"\x03" + gzip.compress(images, mtime=0))

    # Even first byte: a whole .npz; odd: override records [key index][UInt16 length][.npy]
    # on a valid snapshot (see FuzzSnapshot.swift). Key indices are taken modulo the key count.
    put("snapshot", "valid", b"\x01")
    put("snapshot", "npz_mode", b"\x00" + npz(members, True, False))
    scalar_i8 = npy("<i8", [], struct.pack("<q", 2))
    scalar_f8 = npy("<f8", [], struct.pack("<d", 0.5))
    bool0 = npy("|b1", [], b"\x01")
    order = npy("<i8", [8], struct.pack("<8q", 7, 6, 5, 4, 3, 2, 1, 0))
    kinds = (scalar_i8, scalar_f8, bool0, order)
    for key in range(0, 48, 3):
        value = kinds[key % len(kinds)]
        put("snapshot", f"key_{key}", b"\x01" + bytes([key]) + struct.pack("<H", len(value)) + value)
    put("snapshot", "delete_keys", b"\x01" + b"".join(bytes([k, 0, 0]) for k in range(0, 40, 7)))

    lines = [
        ["--epochs", "3", "--dataset", "fashion-mnist", "--model", "mlp", "--no-progress"],
        ["--lr=0.01", "--optimizer", "momentum-sgd", "--batchsize", "32", "--seed", "0"],
        ["--resume", "result/snapshot_iter_600", "--out", "out", "--threads", "2"],
        ["--loop", "manual", "--train-samples", "3000", "--test-samples", "1000"],
        ["model.npz", "--model", "lenet", "--key", "x", "--verbose"],
        ["--epochs"],
        ["--no-progress=yes", "--epochs=1", "--epochs=2"],
    ]
    for i, words in enumerate(lines):
        put("arguments", f"line_{i}", b"\x00".join(w.encode() for w in words))


if __name__ == "__main__":
    main()
