"""The photo recipes: every task's photo chain config (photo_chains.py) under one name, so a
campaign stage or an ablation names the one it trains on; the defaults are the shipped recipe."""
from __future__ import annotations

from dataclasses import dataclass, field

from .photo_chains import (DejpegChain, DenoiseChain, DerainChain, JpegRanges, KernelRanges,
                           NoiseRanges, SRChain)
from .web_history import HistoryMix, WebHistory


@dataclass(frozen=True)
class PhotoRecipe:
    """Every chain's config; a training run picks its task's."""
    sr: SRChain = field(default_factory=SRChain)
    denoise: DenoiseChain = field(default_factory=DenoiseChain)
    dejpeg: DejpegChain = field(default_factory=DejpegChain)
    derain: DerainChain = field(default_factory=DerainChain)
    history: HistoryMix = field(default_factory=HistoryMix)  # web histories mixed in (none by default)


SR_WEB = SRChain(clean_share=0.15, web_share=0.7, blur1=KernelRanges(sigma=(0.2, 2.0)), blur1_prob=0.6,
                 noise1=NoiseRanges(prob=0.4, sigma=(1.0, 10.0), poisson_scale=(0.05, 1.0)),
                 second_prob=0.3, final_sinc_prob=0.2)
DENOISE_BOLD = DenoiseChain(clean_share=0.02, gaussian_share=0.2, gaussian_jpeg_share=0.2,
                            jpeg=JpegRanges(quality=(70, 98)))

RECIPES: dict[str, PhotoRecipe] = {
    "default": PhotoRecipe(),
    # ablation: half of the camera noise low-passed, as after a camera's noise reduction
    "denoise-nr": PhotoRecipe(denoise=DenoiseChain(smooth_prob=0.5)),
    # ablation: a camera's processing as PolyU's noise shows it (neighbour correlation 0.55-0.69,
    # nine tenths of its power in luminance): most camera noise coarse and nearly colourless,
    # and more of it mild (shot up to 3e-3)
    "denoise-isp": PhotoRecipe(denoise=DenoiseChain(smooth_prob=0.8, smooth=(0.4, 1.0),
                                                    chroma=(0.1, 0.5), shot=(1e-4, 3e-3))),
    # ablation: bolder on mild camera noise (the default under-denoises PolyU: scaling its
    # correction by 1.5 gains 0.15 dB): few clean patches, more camera noise, high JPEG qualities
    "denoise-bold": PhotoRecipe(denoise=DENOISE_BOLD),
    # ablation: milder super-resolution inputs, more of them clean or one-step web thumbnails
    "sr-mild": PhotoRecipe(sr=SRChain(
        clean_share=0.2, web_share=0.4, blur1=KernelRanges(sigma=(0.2, 2.0)), blur1_prob=0.6,
        noise1=NoiseRanges(prob=0.4, sigma=(1.0, 10.0), poisson_scale=(0.05, 1.0)),
        second_prob=0.3, final_sinc_prob=0.2)),
    # the photo SR models' second stage (p2): sr-mild with most inputs web thumbnails (a resize,
    # then JPEG at q 30-95), the commonest real input; sr-mild's gain on Kodak24 thumbnails at
    # q=70 had stopped growing after 500 steps (+0.81 dB at x2 after 4000); p2 reached +0.89
    "sr-web": PhotoRecipe(sr=SR_WEB),
    # ablation for the x2 floor: sr-web with the web thumbnails' JPEG at q 50-90 (the case's
    # neighbourhood) and fewer second-order chains
    "sr-web-q": PhotoRecipe(sr=SRChain(
        clean_share=0.15, web_share=0.75, web_jpeg=JpegRanges(quality=(50, 90)),
        blur1=KernelRanges(sigma=(0.2, 2.0)), blur1_prob=0.6,
        noise1=NoiseRanges(prob=0.4, sigma=(1.0, 10.0), poisson_scale=(0.05, 1.0)),
        second_prob=0.2, final_sinc_prob=0.2)),
    # a ceiling, not a recipe to ship: every input exactly the x2 floor's case (a bicubic
    # thumbnail, then JPEG q=70 at 4:2:0), so what recipe specialisation can give at this size
    "sr-case": PhotoRecipe(sr=SRChain(
        clean_share=0.0, web_share=1.0, web_resize=("bicubic",),
        web_jpeg=JpegRanges(quality=(70, 70), share_420=1.0))),
    # photo models v2 (web_history.py): each task's shipped recipe with a share of its patches
    # carrying a web image's history (a low save, a crop, resize or sharpening, a re-save); the
    # ablations of the share are in models/NOTES.md
    "web-30": PhotoRecipe(sr=SR_WEB, denoise=DENOISE_BOLD,
                          history=HistoryMix(sr_share=0.3, dejpeg_share=0.3, denoise_share=0.2)),
    "web-50": PhotoRecipe(sr=SR_WEB, denoise=DENOISE_BOLD,
                          history=HistoryMix(sr_share=0.5, dejpeg_share=0.5, denoise_share=0.35)),
    # a ceiling, not a recipe to ship: every input exactly the re-saved floor's case (a bicubic
    # thumbnail saved at q=35 at 4:2:0, re-saved at q=90 on the same grid), so what this network
    # can give on that case when it learns nothing else
    "sr-history-case": PhotoRecipe(sr=SR_WEB, history=HistoryMix(sr_share=1.0, web=WebHistory(
        first=JpegRanges(quality=(35, 35), share_420=1.0), second=JpegRanges(quality=(90, 90), share_420=1.0),
        shift_prob=0.0, resize_prob=0.0, resize_methods=("bicubic",), sharpen_prob=0.0,
        phone_sharpen_prob=0.0))),
}


def photo_recipe(name: str) -> PhotoRecipe:
    if name not in RECIPES:
        raise ValueError(f"unknown photo recipe {name!r}; expected one of {', '.join(RECIPES)}")
    return RECIPES[name]
