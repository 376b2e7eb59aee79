import json

import numpy as np
import torch

from training.arch import build_model
from training.checkpoint import load_ema_model, load_exported
from training.export import export, tfjs_layout
from training.golden import golden_input


def save_tiny_checkpoint(path, args):
    model = build_model(args)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.1)
    config = {"task": "sr-x2" if args.scale == 2 else "denoise", "threads": 1, "batch": 2,
              "patch": 8, "lr": 1e-3, "min_lr": 1e-5, "warmup": 1, "ema": 0.9, "grad_clip": 1.0,
              "seed": 0, "steps": 1, "init_from": ""}
    torch.save({"arch": vars(args) if not hasattr(args, "__dataclass_fields__") else
                {k: getattr(args, k) for k in args.__dataclass_fields__},
                "config": config, "ema": model.state_dict(), "step": 1, "elapsed_s": 1.0,
                "log": {"loss": [[1, 0.5]], "val": []}}, path)
    return model


def read_weights(out):
    manifest = json.loads((out / "model.json").read_text())
    data = (out / "weights.bin").read_bytes()
    weights, offset = {}, 0
    for spec in manifest["weightsManifest"][0]["weights"]:
        n = int(np.prod(spec["shape"]))
        dtype = "<f2" if "quantization" in spec else "<f4"
        size = n * np.dtype(dtype).itemsize
        weights[spec["name"]] = np.frombuffer(data[offset:offset + size], dtype).reshape(spec["shape"])
        offset += size
    assert offset == len(data)
    return manifest, weights


def test_float32_export_round_trips_bit_exactly(tmp_path, tiny_args):
    model = save_tiny_checkpoint(tmp_path / "c.pt", tiny_args(scale=2))
    export(tmp_path / "c.pt", tmp_path / "m", float16=False)
    manifest, weights = read_weights(tmp_path / "m")
    assert manifest["arch"]["norm"] == "iln" and manifest["padMultiple"] == 4
    state = model.state_dict()
    assert list(weights) == list(state)
    for name, t in state.items():
        assert np.array_equal(weights[name], tfjs_layout(name, t)), name
    conv = weights["conv_first.weight"]
    assert conv.shape == (3, 3, 3, 8)  # HWIO
    assert weights["groups.0.layers.0.attn.qkv.weight"].shape == (8, 24)  # (in, out)


def test_a_network_with_an_mlp_conv_is_refused_until_the_engine_runs_one(tmp_path, tiny_args):
    import pytest

    save_tiny_checkpoint(tmp_path / "c.pt", tiny_args(scale=2, mlp_conv=True))
    with pytest.raises(ValueError, match="depthwise conv in its MLPs"):
        export(tmp_path / "c.pt", tmp_path / "m", float16=False)
    assert not (tmp_path / "m" / "model.json").exists()


def test_float16_export_is_half_the_size_and_golden_vectors_are_consistent(tmp_path, tiny_args):
    save_tiny_checkpoint(tmp_path / "c.pt", tiny_args(norm="ln"))
    card = export(tmp_path / "c.pt", tmp_path / "m", float16=True)
    _, weights = read_weights(tmp_path / "m")
    assert card["weightsBytes"] == 2 * sum(w.size for w in weights.values())
    meta = json.loads((tmp_path / "m" / "golden.json").read_text())
    blob = np.frombuffer((tmp_path / "m" / "golden.bin").read_bytes(), "<f4")
    img = blob[: golden_input().size].reshape(meta["input"]["shape"])
    assert np.array_equal(img[0], golden_input())
    names = [t["name"] for t in meta["tensors"]]
    assert {"conv_first", "layer0", "layer1", "group0", "output"} <= set(names)
    model, _ = load_ema_model(tmp_path / "c.pt")
    out = next(t for t in meta["tensors"] if t["name"] == "output_float32_weights")
    ref = blob[out["offset"] // 4: out["offset"] // 4 + int(np.prod(out["shape"]))].reshape(out["shape"])
    with torch.no_grad():
        y = model(torch.from_numpy(golden_input().transpose(2, 0, 1).copy())[None])
    assert np.allclose(y.permute(0, 2, 3, 1).numpy(), ref, atol=1e-6)


def test_exported_model_reloads_into_pytorch(tmp_path, tiny_args):
    model = save_tiny_checkpoint(tmp_path / "c.pt", tiny_args(scale=2))
    export(tmp_path / "c.pt", tmp_path / "m", float16=False)
    again, manifest = load_exported(tmp_path / "m")
    x = torch.rand(1, 3, 9, 13)
    with torch.no_grad():
        assert torch.equal(again(x), model.eval()(x))
    assert manifest["task"] == "sr-x2"
