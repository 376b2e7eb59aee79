"""Example sheets: what the photo degradations look like, and what the models make of real
low-resolution images.

python -m training.sheets degradations   models/plots/photo-degradations.jpg (committed): crops
    of a CC-BY-4.0 photograph (train/debian_photos) through each photo chain, seeds 0-5
python -m training.sheets histories      models/plots/web-histories.jpg (committed): the same
    photograph's crops through a web image's history (training/web_history.py), seeds 0-5; with
    --realsrset also runs/sheets/web-histories-realsrset.jpg, real web images (RealSRSet) at the
    same zoom beside them, to look at, not committed
python -m training.sheets readme          docs/images/before-after.jpg (committed): the README's
    picture, the shipped photo models on the CC-BY photograph
python -m training.sheets realsrset --scale 2 [--out runs/sheets] [--compare CKPT]   per RealSRSet
    image: input, bicubic, benchmark model (or the --compare model), photo model (i-LN), side by
    side; not committed (the dataset's images are not ours to publish)
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from . import degrade as D
from . import photo_chains as C
from .data import DEFAULT_DATA, list_images, load_rgb
from .photo_recipes import PhotoRecipe
from . import web_history as H

SHEET_PHOTO = "lomiri-wallpapers-16.04_life_by_Aitzol_Berasategi.jpg"
CREDIT = ("Crops of \"life\" by Aitzol Berasategi (2018), CC-BY-4.0, "
          "https://creativecommons.org/licenses/by/4.0/; degraded by training/photo_chains.py")
CELL = 192  # every tile is shown at this size (SR inputs enlarged by nearest neighbour)
LABEL_H = 16


def upsize(img: np.ndarray, size: int = CELL) -> np.ndarray:
    """uint8 or float image -> uint8 (size, size * w / h) by nearest neighbour (pixels stay visible)."""
    u8 = D.to_uint8(img) if img.dtype != np.uint8 else img
    h, w = u8.shape[:2]
    return np.asarray(Image.fromarray(u8).resize((round(size * w / h), size), Image.NEAREST))


def labelled_row(tiles: list[tuple[str, np.ndarray]]) -> Image.Image:
    width = sum(t.shape[1] for _, t in tiles) + 4 * (len(tiles) - 1)
    height = max(t.shape[0] for _, t in tiles)
    row = Image.new("RGB", (width, height + LABEL_H), "white")
    draw, x = ImageDraw.Draw(row), 0
    for label, tile in tiles:
        row.paste(Image.fromarray(tile), (x, LABEL_H))
        draw.text((x + 2, 2), label, fill="black")
        x += tile.shape[1] + 4
    return row


def stack(rows: list[Image.Image], footer: str = "") -> Image.Image:
    width = max(r.width for r in rows)
    sheet = Image.new("RGB", (width, sum(r.height + 6 for r in rows) + (LABEL_H if footer else 0)), "white")
    y = 0
    for r in rows:
        sheet.paste(r, (0, y))
        y += r.height + 6
    if footer:
        ImageDraw.Draw(sheet).text((2, y), footer, fill="black")
    return sheet


def example_rows(photo: np.ndarray, chains: dict, place: tuple[int, int, int, int],
                 seeds: range) -> list[Image.Image]:
    """One row per chain (name -> (scale, fn(hr, rng))): the clean crop, then the chain's output
    for each seed; row i's crop at (y0 + i dy, x0 + i dx) of `place`, a textured part."""
    y0, x0, dy, dx = place
    rows = []
    for i, (name, (scale, chain)) in enumerate(chains.items()):
        y, x = y0 + dy * i, x0 + dx * i
        side = 96 if scale == 1 else 48 * scale
        hr = D.to_float(photo[y : y + side, x : x + side])
        tiles = [(f"{name}: clean", upsize(hr))]
        tiles += [(f"seed {s}", upsize(chain(hr, np.random.default_rng(s)))) for s in seeds]
        rows.append(labelled_row(tiles))
    return rows


def degradation_rows(photo: np.ndarray, seeds: range = range(6)) -> list[Image.Image]:
    """One row per chain: the clean crop, then the chain's output for each seed."""
    recipe = PhotoRecipe()
    chains = {
        "sr x2": (2, lambda hr, rng: C.sr_chain(hr, 2, rng, recipe.sr)),
        "sr x4": (4, lambda hr, rng: C.sr_chain(hr, 4, rng, recipe.sr)),
        "sr web": (4, lambda hr, rng: C.sr_web(hr, 4, rng, recipe.sr)),
        "denoise": (1, lambda hr, rng: C.denoise_chain(hr, rng, recipe.denoise)),
        "dejpeg": (1, lambda hr, rng: C.dejpeg_chain(hr, rng, recipe.dejpeg)),
        "derain": (1, lambda hr, rng: C.derain_chain(hr, rng, recipe.derain)),
    }
    return example_rows(photo, chains, (700, 1200, 150, 90), seeds)


def degradations_sheet(data: Path, out: Path) -> Path:
    photo = load_rgb(data / "train" / "debian_photos" / SHEET_PHOTO)
    out.parent.mkdir(parents=True, exist_ok=True)
    stack(degradation_rows(photo), CREDIT).save(out, quality=90)
    return out


def history_rows(photo: np.ndarray, seeds: range = range(6)) -> list[Image.Image]:
    """One row per history: the clean crop, then its degraded copy for each seed; SR inputs at
    the same on-screen zoom as the real web images (nearest neighbour, CELL px high)."""
    mix = H.HistoryMix()
    histories = {
        "web x2": (2, lambda hr, rng: H.sr_history(hr, 2, rng, mix.web)),
        "web x4": (4, lambda hr, rng: H.sr_history(hr, 4, rng, mix.web)),
        "dejpeg": (1, lambda hr, rng: H.dejpeg_history(hr, rng, mix)),
        "denoise": (1, lambda hr, rng: H.denoise_history(hr, rng, mix)),
    }
    return example_rows(photo, histories, (760, 1250, 170, 110), seeds)


def realsrset_row(data: Path, names: tuple[str, ...] = ("chip", "comic1", "ppt3", "oldphoto3", "Lincoln", "building")) -> Image.Image:
    """48 px crops of real web images, shown as the SR rows' inputs are (nearest, CELL px)."""
    tiles = []
    for name in names:
        img = load_rgb(data / "val" / "RealSRSet" / f"{name}.png")
        y, x = (img.shape[0] - 48) // 2, (img.shape[1] - 48) // 2
        tiles.append((f"RealSRSet {name}", upsize(img[y : y + 48, x : x + 48])))
    return labelled_row(tiles)


def histories_sheet(data: Path, out: Path, realsrset: bool) -> list[Path]:
    photo = load_rgb(data / "train" / "debian_photos" / SHEET_PHOTO)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = history_rows(photo)
    credit = CREDIT.replace("photo_chains.py", "web_history.py")
    stack(rows, credit).save(out, quality=90)
    written = [out]
    if realsrset:
        beside = Path("runs/sheets/web-histories-realsrset.jpg")
        beside.parent.mkdir(parents=True, exist_ok=True)
        stack(rows[:2] + [realsrset_row(data)], credit).save(beside, quality=90)
        written.append(beside)
    return written


def readme_sheet(data: Path, out: Path, models: Path = Path("models")) -> Path:
    """The README's picture: the CC-BY photograph as a re-saved web thumbnail (÷2, JPEG q35,
    re-saved at q90) enlarged by bicubic beside the ×2 photo model, and as a camera's noisy
    JPEG beside the photo denoiser's result; shipped i-LN photo models, no hand editing."""
    from .checkpoint import load_exported
    from .evaluate import restore_through
    from . import photo_degrade as P
    from .val_data import pil_downscale, resaved

    photo = load_rgb(data / "train" / "debian_photos" / SHEET_PHOTO)
    net = {t: load_exported(models / f"{t}-photo-iln")[0] for t in ("sr-x2", "denoise")}
    web_clean = photo[1000:1320, 1180:1660]  # the falls
    web = resaved(D.jpeg_roundtrip(pil_downscale(web_clean, 2), 35), 90, (0, 0))
    noisy_clean = photo[1350:1590, 1900:2260]  # the rocks
    noisy = D.to_uint8(P.jpeg(P.camera_noise(D.to_float(noisy_clean), 6e-3, np.random.default_rng(0)), 85))
    rows = [
        labelled_row([("web image (÷2, q35, re-saved q90), bicubic ×2", D.imresize_bicubic(web, 2.0)),
                      ("×2, photo model", restore_through(net["sr-x2"], D.to_float(web)))]),
        labelled_row([("camera noise, JPEG q85", noisy),
                      ("Denoise", restore_through(net["denoise"], D.to_float(noisy)))]),
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    stack(rows, CREDIT.replace("degraded by training/photo_chains.py", "made by python -m training.sheets readme")).save(out, quality=92)
    # the same web image as a file, for the app's screenshots (scripts/screenshots.mjs)
    Image.fromarray(D.jpeg_roundtrip(pil_downscale(web_clean, 2), 35)).save(out.parent / "falls-web.jpg", quality=90)
    return out


def realsrset_sheets(data: Path, scale: int, out: Path, models: Path = Path("models"),
                     compare: Path | None = None) -> list[Path]:
    """Input, bicubic, benchmark and photo model (i-LN) for every RealSRSet image; with
    `compare` (a checkpoint or exported model, e.g. the next photo model) that one beside today's
    photo model instead of the benchmark model."""
    from .checkpoint import load_exported
    from .evaluate import load_any
    from .inference import restore

    task = f"sr-x{scale}"
    first = ("benchmark", load_exported(models / f"{task}-iln")[0])
    label = None if compare is None else (compare.parent.name if compare.suffix == ".pt" else compare.name)
    nets = dict([first if compare is None else (label, load_any(compare)),
                 ("photo", load_exported(models / f"{task}-photo-iln")[0])])
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in list_images(data / "val" / "RealSRSet"):
        lr = load_rgb(path)
        side = CELL * 2
        tiles = [("input", upsize(lr, side)), ("bicubic", upsize(D.imresize_bicubic(lr, scale), side))]
        tiles += [(f"{kind} i-LN", upsize(restore(net, D.to_float(lr)), side)) for kind, net in nets.items()]
        target = out / f"realsrset-x{scale}-{path.stem}.jpg"
        labelled_row(tiles).save(target, quality=90)
        written.append(target)
    return written


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sheet", choices=("degradations", "histories", "realsrset", "readme"))
    p.add_argument("--realsrset", action="store_true", help="histories: also beside RealSRSet crops")
    p.add_argument("--compare", type=Path, help="realsrset: a model to show beside today's photo model")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--scale", type=int, choices=(2, 4), default=2)
    p.add_argument("--out", type=Path)
    a = p.parse_args(argv)
    if a.sheet == "degradations":
        print(degradations_sheet(a.data, a.out or Path("models/plots/photo-degradations.jpg")))
    elif a.sheet == "readme":
        print(readme_sheet(a.data, a.out or Path("docs/images/before-after.jpg")))
    elif a.sheet == "histories":
        for path in histories_sheet(a.data, a.out or Path("models/plots/web-histories.jpg"), a.realsrset):
            print(path)
    else:
        for path in realsrset_sheets(a.data, a.scale, a.out or Path("runs/sheets"), compare=a.compare):
            print(path)


if __name__ == "__main__":
    main()
