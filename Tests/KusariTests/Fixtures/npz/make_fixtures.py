#!/usr/bin/env python3
"""Fixtures for Kusari's NPY/NPZ tests, written by NumPy (and Chainer, when installed).

    python3 make_fixtures.py              # (re)write every fixture next to this script
    python3 make_fixtures.py verify F J   # check that NumPy reads npz file F as JSON file J says

expected.json records, for every fixture, each array's dtype, shape and values. Values are
strings (Python's repr of the element) so that float32, float64 and 64-bit integers survive
JSON exactly. The corrupt_*.npy files are arrays Kusari must refuse with a clear error.
"""
import io
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def describe(a):
    a = np.asarray(a)
    if a.dtype.kind == "U":
        return {"dtype": "str", "shape": list(a.shape), "values": [str(a[()])]}
    flat = a.reshape(-1)
    if a.dtype.kind == "b":
        values = ["1" if v else "0" for v in flat]
    elif a.dtype.kind == "f":
        values = [repr(float(v)) for v in flat]
    else:
        values = [str(int(v)) for v in flat]
    names = {"f4": "float32", "f8": "float64", "i4": "int32", "i8": "int64", "u1": "uint8", "b1": "bool"}
    return {"dtype": names[a.dtype.str[1:]], "shape": list(a.shape), "values": values}


def arrays():
    return {
        "f4": ((np.arange(6, dtype=np.float32).reshape(2, 3) - np.float32(2.5)) / np.float32(7)),
        "f8": np.array([0.1, -1e300, 2.5, 5e-324]),
        "i4": np.array([[-2147483648, 2147483647], [0, -1]], dtype=np.int32),
        "i8": np.array([[[-9223372036854775808, 9223372036854775807], [5, -5]]], dtype=np.int64),
        "u1": np.array([0, 1, 128, 255], dtype=np.uint8),
        "b1": np.array([[True, False], [False, True]]),
        "scalar_f8": np.array(3.25),
        "scalar_i8": np.array(42, dtype=np.int64),
        "empty_f4": np.zeros((0, 3), dtype=np.float32),
        "r4_f4": np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4) * np.float32(0.5),
    }


def make():
    expected = {}
    for name, a in arrays().items():
        np.save(os.path.join(HERE, name + ".npy"), a)
        expected[name + ".npy"] = describe(a)
    v = np.array([1.5, -2.0, 0.25], dtype=np.float32)
    for version in (2, 3):
        with open(os.path.join(HERE, "v%d.npy" % version), "wb") as f:
            np.lib.format.write_array(f, v, version=(version, 0))
        expected["v%d.npy" % version] = describe(v)
    s = np.array("héllo")
    np.save(os.path.join(HERE, "string.npy"), s)
    expected["string.npy"] = describe(s)

    np.save(os.path.join(HERE, "corrupt_object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)
    np.save(os.path.join(HERE, "corrupt_fortran.npy"), np.asfortranarray(np.ones((2, 3), dtype=np.float32)))
    np.save(os.path.join(HERE, "corrupt_bigendian.npy"), np.arange(3, dtype=">f4"))
    np.save(os.path.join(HERE, "corrupt_complex.npy"), np.arange(3, dtype="<c8"))

    members = {"a": arrays()["f4"], "b": np.array([7, -8, 9], dtype=np.int64),
               "c": np.array(True), "layer/W": arrays()["u1"], "empty": arrays()["empty_f4"]}
    np.savez(os.path.join(HERE, "savez.npz"), **members)
    np.savez_compressed(os.path.join(HERE, "savez_compressed.npz"), **members)
    for name in ("savez.npz", "savez_compressed.npz"):
        expected[name] = {k: describe(v) for k, v in members.items()}

    try:
        expected.update(make_chainer())
    except ImportError:
        print("chainer not installed: chainer_*.npz and their expectations left as they were")
        with open(os.path.join(HERE, "expected.json")) as f:
            old = json.load(f)
        expected.update({k: v for k, v in old.items() if k.startswith("chainer_")})

    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


def make_chainer():
    """A 4-8-3 MLP inside L.Classifier saved by chainer.serializers.save_npz, its prediction on a
    fixed input, and its Adam optimizer after one update (counters t and epoch as 0-d int64)."""
    import chainer
    import chainer.functions as F
    import chainer.links as L

    class MLP(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.l1 = L.Linear(4, 8)
                self.l2 = L.Linear(8, 3)

        def forward(self, x):
            return self.l2(F.relu(self.l1(x)))

    np.random.seed(0)
    model = L.Classifier(MLP())
    x = (np.arange(8, dtype=np.float32).reshape(2, 4) - np.float32(3.5)) / np.float32(4)
    t = np.array([0, 2], dtype=np.int32)
    optimizer = chainer.optimizers.Adam()
    optimizer.setup(model)
    optimizer.update(model, x, t)
    with chainer.using_config("train", False), chainer.no_backprop_mode():
        y = model.predictor(x).array

    chainer.serializers.save_npz(os.path.join(HERE, "chainer_mlp.npz"), model)
    chainer.serializers.save_npz(os.path.join(HERE, "chainer_adam.npz"), optimizer)
    result = {}
    for name in ("chainer_mlp.npz", "chainer_adam.npz"):
        with np.load(os.path.join(HERE, name)) as npz:
            result[name] = {k: describe(npz[k]) for k in npz.files}
    result["chainer_mlp_prediction"] = {"x": describe(x), "y": describe(y)}
    return result


def verify(npz_path, json_path):
    """Exit 0 when NumPy reads npz_path (allow_pickle=False) exactly as json_path describes."""
    with open(json_path) as f:
        want = json.load(f)
    with np.load(npz_path, allow_pickle=False) as npz:
        got = {k: describe(npz[k]) for k in npz.files}
    if got != want:
        print("mismatch:\n got  %s\n want %s" % (json.dumps(got, sort_keys=True), json.dumps(want, sort_keys=True)))
        sys.exit(1)
    print("ok: numpy read %d arrays" % len(got))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3])
    else:
        make()
