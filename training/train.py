"""Train one model: python -m training.train --task sr-x2 --norm iln [--steps N] [--resume]."""
from __future__ import annotations

import argparse
import json
import math
import re
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np
import torch

from .arch import ArchArgs, build_model, count_params
from .checkpoint import initial_weights, load_checkpoint, save_checkpoint, stage_history
from .data import DEFAULT_DATA, PatchSampler, SamplerConfig
from .distil import check_distil_weight, load_teacher, training_loss
from .losses import check_loss
from .val_data import VAL_CASES, check_val_case, val_pairs
from .inference import restore, score
from .photo_recipes import photo_recipe
from .signals import StopOnSignal
from .tasks import check_variant, get_task, model_name


@dataclass
class TrainConfig:
    task: str = "sr-x2"
    norm: str = "iln"
    variant: str = "benchmark"  # "photo": trained on photo_chains.py's degradations
    photo_recipe: str = "default"  # a named recipe of photo_recipes.RECIPES (photo variant)
    val_case: str = "photo"  # photo variant: the case validated on, val_data.VAL_CASES
    steps: int = 3000  # the schedule's length
    batch: int = 16
    patch: int = 48  # side of the degraded input patch
    lr: float = 1e-3
    min_lr: float = 1e-5
    warmup: int = 100
    ema: float = 0.999
    grad_clip: float = 1.0
    loss: str = "l1"  # losses.LOSSES: "l1", "l2" (what PSNR measures), "l1-luma" (YCbCr, chroma light)
    seed: int = 0
    threads: int = 1
    minutes: float = 0.0  # wall-clock budget for this run; 0 = none
    stop_after: int = 0  # stop this run after N steps (checkpointed), schedule unfinished; 0 = none
    log_every: int = 10
    ckpt_every: int = 100
    val_every: int = 250
    val_images: int = 5
    dim: int = 48
    groups: int = 2
    depth: int = 2
    heads: int = 2
    unshuffle: int = 1  # 2: same-size tasks run the network at half resolution
    mlp_conv: bool = False  # a depthwise 3x3 conv inside each MLP (ArchArgs.mlp_conv)
    data: str = str(DEFAULT_DATA)
    out: str = ""
    jpeg_q_min: int = 10  # dejpeg only: the JPEG qualities training draws from
    jpeg_q_max: int = 90
    jpeg_q_power: float = 1.0  # >1 draws low qualities more often (PatchSampler)
    graphics: int = 0  # document-like images added to the photos (training/graphics.py)
    clean_share: float = 0.0  # same-size tasks: the share of patches with input = target
    sampling: str = "image"  # "area": images drawn by their number of patches (PatchSampler)
    pyramid: tuple[float, ...] = ()  # downscaled copies of the large photos, e.g. (0.5, 0.25)
    init_from: str = ""  # a checkpoint whose body weights start this run (e.g. x4 from x2)
    teacher: str = ""  # a checkpoint or exported model whose output is a second target (distil.py)
    distil: float = 0.5  # with a teacher: the weight of its term in the loss, 0..1
    device: str = "cpu"  # "cpu", "cuda", or "auto" (cuda when available)
    # >0: that many processes make the batches ahead of the step (a GPU run, where the degradations
    # on the CPU are the bottleneck); batch k is then drawn from its own seed (seed, k), so the
    # data do not depend on the number of workers. 0: one generator in this process, as before.
    data_workers: int = 0
    hardware: str = ""  # for the model card; filled in on a GPU, export describes the CPU itself

    def arch(self) -> ArchArgs:
        scale = get_task(self.task).scale
        return ArchArgs(dim=self.dim, groups=self.groups, depth=self.depth, heads=self.heads,
                        scale=scale, norm=self.norm, unshuffle=self.unshuffle,
                        mlp_conv=self.mlp_conv)

    def run_dir(self) -> Path:
        return Path(self.out or f"runs/{model_name(self.task, self.norm, self.variant)}")


def lr_at(cfg: TrainConfig, step: int) -> float:
    """Linear warmup, then cosine decay to min_lr at cfg.steps."""
    if step < cfg.warmup:
        return cfg.lr * (step + 1) / cfg.warmup
    t = min(1.0, (step - cfg.warmup) / max(1, cfg.steps - cfg.warmup))
    return cfg.min_lr + 0.5 * (cfg.lr - cfg.min_lr) * (1 + math.cos(math.pi * t))


@torch.no_grad()
def update_ema(ema: torch.nn.Module, model: torch.nn.Module, decay: float, step: int) -> None:
    d = min(decay, (1 + step) / (10 + step))
    for e, p in zip(ema.parameters(), model.parameters()):
        e.mul_(d).add_(p, alpha=1 - d)


def validate(cfg: TrainConfig, model: torch.nn.Module) -> float:
    task = get_task(cfg.task)
    set_name, setting = VAL_CASES[cfg.val_case][cfg.task] if cfg.variant == "photo" else (task.val_sets[0], {})
    pairs = val_pairs(task, set_name, Path(cfg.data), limit=cfg.val_images, **setting)
    model.eval()
    values = [score(task, restore(model, lq), clean)[0] for _, lq, clean in pairs]
    model.train()
    return float(np.mean(values))


def init_body_from(model: torch.nn.Module, path: str) -> None:
    """Copy every weight whose name and shape match (all but the reconstruction conv). `path` is
    a checkpoint or an exported model folder. A deeper model (more layers per group) starts as
    the source's function: see grown_layers."""
    src = initial_weights(path)
    own = model.state_dict()
    shared = {k: v for k, v in src.items() if k in own and own[k].shape == v.shape}
    grown = grown_layers(src, own)
    model.load_state_dict({**shared, **grown}, strict=False)
    print(f"initialised {len(shared)}/{len(own)} tensors from {path}"
          f"{f', {len(grown)} more in new layers' if grown else ''}", flush=True)


LAYER_KEY = re.compile(r"^(groups\.\d+\.layers\.)(\d+)(\..+)$")
BRANCH_OUTPUTS = (".attn.proj.", ".mlp.fc2.")  # the last linear of each residual branch


def grown_layers(src: dict, own: dict) -> dict:
    """The layers a deeper model has and the source lacks: each a copy of the source layer two
    before it (the same shift), with the last linear of both residual branches zeroed, so every
    new layer is the identity at first (x + s * 0) and the deeper model computes the source's
    function, while the copied inner weights give the zeroed ones a gradient from the first step
    (a fresh random layer barely moved in 500 steps)."""
    grown = {}
    for key in own:
        m = LAYER_KEY.match(key)
        if not m or key in src:
            continue
        layer = int(m[2]) - 2  # the nearest source layer below with the same shift
        while layer >= 0 and f"{m[1]}{layer}{m[3]}" not in src:
            layer -= 2
        source = f"{m[1]}{layer}{m[3]}"
        if layer < 0 or src[source].shape != own[key].shape:
            continue
        zeroed = any(b in m[3] for b in BRANCH_OUTPUTS)
        grown[key] = torch.zeros_like(src[source]) if zeroed else src[source].clone()
    return grown


class StepBatches(torch.utils.data.Dataset):
    """Batch k of a run, drawn from the seed (seed, k): the same whichever process makes it."""

    def __init__(self, sampler: PatchSampler, seed: int, batch: int, first: int, last: int):
        self.sampler, self.seed, self.batch, self.first, self.n = sampler, seed, batch, first, last - first

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor]:
        rng = np.random.default_rng([self.seed, self.first + i])
        return self.sampler.reseeded(rng).batch(self.batch)


def batch_stream(sampler: PatchSampler, cfg: TrainConfig, step: int, pin: bool):
    """The training batches from `step` on: made in this process from the run's generator, or by
    cfg.data_workers processes ahead of the step (forked, so the images are shared, not reloaded)."""
    if cfg.data_workers <= 0:
        return iter(lambda: sampler.batch(cfg.batch), None)
    steps = StepBatches(sampler, cfg.seed, cfg.batch, step, cfg.steps)
    loader = torch.utils.data.DataLoader(steps, batch_size=None, shuffle=False,
                                         num_workers=cfg.data_workers, prefetch_factor=4,
                                         pin_memory=pin, multiprocessing_context="fork")
    return iter(loader)


class Trainer:
    def __init__(self, cfg: TrainConfig, resume: bool):
        torch.set_num_threads(cfg.threads)
        torch.manual_seed(cfg.seed)
        self.cfg, self.dir = cfg, cfg.run_dir()
        self.device = torch.device("cuda" if cfg.device == "auto" and torch.cuda.is_available()
                                   else "cpu" if cfg.device == "auto" else cfg.device)
        if self.device.type == "cuda" and not cfg.hardware:
            cfg.hardware = f"{torch.cuda.get_device_name(self.device)}, torch {torch.__version__}"
        self.model = build_model(cfg.arch()).to(self.device)
        self.ema = build_model(cfg.arch()).to(self.device)
        self.teacher = load_teacher(cfg.teacher, cfg.arch().scale, self.device) if cfg.teacher else None
        self.opt = torch.optim.Adam(self.model.parameters(), lr=cfg.lr, betas=(0.9, 0.99))
        self.rng = np.random.default_rng(cfg.seed)
        self.step, self.elapsed = 0, 0.0
        self.log: dict = {"loss": [], "val": []}
        ckpt = self.dir / "ckpt.pt"
        if resume and ckpt.exists():
            state = load_checkpoint(ckpt, self.model, self.ema, self.opt)
            self.step, self.elapsed, self.log = state["step"], state["elapsed_s"], state["log"]
            self.rng.bit_generator.state = state["rng"]
            print(f"resumed {ckpt} at step {self.step}", flush=True)
        else:
            if cfg.init_from:
                init_body_from(self.model, cfg.init_from)
                self.log["earlier"] = stage_history(cfg.init_from)
            self.ema.load_state_dict(self.model.state_dict())
        sampling = SamplerConfig(
            cfg.patch, jpeg_quality=(cfg.jpeg_q_min, cfg.jpeg_q_max), graphics=cfg.graphics,
            clean_share=cfg.clean_share, jpeg_q_power=cfg.jpeg_q_power, variant=cfg.variant,
            recipe=photo_recipe(cfg.photo_recipe), sampling=cfg.sampling, pyramid=tuple(cfg.pyramid))
        self.sampler = PatchSampler(get_task(cfg.task), Path(cfg.data), sampling, self.rng)
        # the images of each set this run read (a GPU run may read a packed subset)
        self.log["trainImages"] = self.sampler.images_read

    def save(self) -> None:
        save_checkpoint(self.dir / "ckpt.pt", self.cfg.arch(), asdict(self.cfg), self.model,
                        self.ema, self.opt, self.step, self.elapsed, self.log,
                        self.rng.bit_generator.state)
        log = {"config": asdict(self.cfg), "params": count_params(self.model), **self.log,
               "step": self.step, "elapsed_s": round(self.elapsed, 1)}
        (self.dir / "log.json").write_text(json.dumps(log))

    def train_step(self) -> float:
        lq, gt = (t.to(self.device, non_blocking=True) for t in next(self.batches))
        for group in self.opt.param_groups:
            group["lr"] = lr_at(self.cfg, self.step)
        loss = training_loss(self.model(lq), gt, lq, self.cfg.loss, self.teacher, self.cfg.distil)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.grad_clip)
        self.opt.step()
        update_ema(self.ema, self.model, self.cfg.ema, self.step)
        self.step += 1
        return float(loss)

    def run(self) -> None:
        cfg = self.cfg
        self.dir.mkdir(parents=True, exist_ok=True)
        self.batches = batch_stream(self.sampler, cfg, self.step, self.device.type == "cuda")
        start, start_step, window = time.time(), self.step, []
        print(f"{model_name(cfg.task, cfg.norm, cfg.variant)}: {count_params(self.model)} params, steps {self.step}->{cfg.steps}",
              flush=True)
        with StopOnSignal() as stop:
            while self.step < cfg.steps and not stop.requested:
                t0 = time.time()
                window.append(self.train_step())
                self.elapsed += time.time() - t0
                if self.step % cfg.log_every == 0:
                    self.report(window, start, start_step)
                    window = []
                if self.step % cfg.val_every == 0 or self.step == cfg.steps:
                    self.log["val"].append([self.step, round(validate(cfg, self.ema), 3)])
                    print(f"  val step {self.step}: {self.log['val'][-1][1]:.3f} dB", flush=True)
                if self.step % cfg.ckpt_every == 0 or self.step == cfg.steps:
                    self.save()
                if cfg.minutes and time.time() - start > cfg.minutes * 60:
                    print(f"time budget of {cfg.minutes} min reached at step {self.step}", flush=True)
                    break
                if cfg.stop_after and self.step - start_step >= cfg.stop_after:
                    break
            if stop.requested:
                print(f"stopped by a signal at step {self.step}", flush=True)
        self.save()

    def report(self, window: list[float], start: float, start_step: int) -> None:
        loss = float(np.mean(window))
        self.log["loss"].append([self.step, round(loss, 5)])
        rate = (time.time() - start) / max(1, self.step - start_step)
        eta = rate * (self.cfg.steps - self.step)
        print(f"step {self.step}/{self.cfg.steps} loss {loss:.5f} lr {lr_at(self.cfg, self.step):.2e} "
              f"{rate:.2f}s/step eta {eta / 60:.1f}min", flush=True)


def parse_args(argv=None) -> tuple[TrainConfig, bool]:
    p = argparse.ArgumentParser(description=__doc__)
    for f in fields(TrainConfig):
        flag = f"--{f.name.replace('_', '-')}"
        if isinstance(f.default, tuple):  # e.g. --pyramid 0.5 0.25
            p.add_argument(flag, type=float, nargs="*", default=f.default)
        elif isinstance(f.default, bool):  # a switch: type=bool would read "0" as True
            p.add_argument(flag, action="store_true")
        else:
            p.add_argument(flag, type=type(f.default), default=f.default)
    p.add_argument("--resume", action="store_true", help="continue from <out>/ckpt.pt if present")
    ns = vars(p.parse_args(argv))
    resume = ns.pop("resume")
    cfg = TrainConfig(**ns)
    get_task(cfg.task)
    check_variant(cfg.task, cfg.variant)
    photo_recipe(cfg.photo_recipe)
    check_val_case(cfg.val_case, cfg.task)
    check_loss(cfg.loss)
    check_distil_weight(cfg.distil)
    cfg.arch()  # validates norm and sizes before any data is read
    return cfg, resume


def main(argv=None) -> None:
    cfg, resume = parse_args(argv)
    Trainer(cfg, resume).run()


if __name__ == "__main__":
    main()
