#!/usr/bin/env python3
"""Generate the FrameFinderAudio test fixtures: small input files and the expected outputs.

Expected values come from the reference libraries the Swift code must match: soundfile
(libsndfile) for decoding, soxr (HQ) for resampling, librosa for the log-mel spectrogram,
scipy for the DCT-II of the MFCC, numpy for normalisation and token pooling.

Run from the package root:  python3 tools/gen_audio_fixtures.py
The FSDD expectation is computed from ../shared/data/fsdd/0_jackson_0.wav when present; that
wav is never copied into the repository.
"""
import pathlib
import struct
import sys

import librosa
import numpy as np
import scipy
import scipy.fft
import soundfile as sf
import soxr

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "FrameFinderAudioTests" / "Fixtures"
FSDD_CLIP = ROOT.parent / "shared" / "data" / "fsdd" / "0_jackson_0.wav"

SR = 16000
MEL_ARGS = dict(sr=SR, n_fft=512, hop_length=160, win_length=400, window="hann", center=True,
                pad_mode="constant", power=2.0, n_mels=64, fmin=0, fmax=8000, htk=False,
                norm="slaney")
N_MFCC = 20
MIN_STD = 0.1


def check_pins():
    """Refuse to run with versions other than those pinned in tools/requirements.txt."""
    pins = {}
    for line in (ROOT / "tools" / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.strip()] = version.strip()
    found = {"numpy": np.__version__, "scipy": scipy.__version__, "soundfile": sf.__version__,
             "soxr": soxr.__version__, "librosa": librosa.__version__}
    wrong = [f"{k} {v} (pinned {pins[k]})" for k, v in found.items() if pins.get(k) != v]
    if wrong:
        sys.exit("gen_audio_fixtures: wrong versions: " + ", ".join(wrong))


def signal(n, sr, channels=1, seed=0):
    """A deterministic test signal: a chirp, two harmonics and a little noise, per channel."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / sr
    nyquist = sr / 2
    columns = []
    for c in range(channels):
        f0 = min(220.0 * (c + 1), nyquist / 4)
        chirp = np.sin(2 * np.pi * (f0 * t + 0.5 * min(3000.0, nyquist / 2) * t * t / max(t[-1], 1e-9)))
        tone = 0.3 * np.sin(2 * np.pi * 2 * f0 * t) + 0.1 * np.sin(2 * np.pi * 3 * f0 * t)
        columns.append(0.4 * chirp + tone + 0.02 * rng.standard_normal(n))
    y = np.stack(columns, axis=1) * 0.5
    return y[:, 0] if channels == 1 else y


def reference_logmel(y):
    """librosa's log-mel of 16 kHz mono float32 samples, as frames x 64 float32."""
    S = librosa.feature.melspectrogram(y=y, **MEL_ARGS)
    return np.log(S + 1e-6).T.astype(np.float32)


def load16k(path):
    """librosa's own load: soundfile decode, to_mono, soxr HQ resample to 16 kHz."""
    y, _ = librosa.load(path, sr=SR, mono=True, res_type="soxr_hq")
    return y


def save(name, array):
    np.save(OUT / name, np.ascontiguousarray(array, dtype=np.float32))


def write(name, y, sr, subtype, format=None):
    sf.write(OUT / name, y, sr, subtype=subtype, format=format)


def main():
    check_pins()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()

    # 16 kHz mono: log-mel parity, then MFCC, normalisation and tokens from librosa's log-mel.
    write("tone_16k_mono.wav", signal(8000, SR), SR, "PCM_16")
    L = reference_logmel(load16k(OUT / "tone_16k_mono.wav"))
    save("tone_16k_mono_logmel.npy", L)
    mfcc = scipy.fft.dct(L.astype(np.float64), type=2, norm="ortho", axis=1)[:, :N_MFCC]
    # Our MFCC is librosa's mfcc given our natural-log mel spectrogram as S.
    librosa_mfcc = librosa.feature.mfcc(S=L.T.astype(np.float64), n_mfcc=N_MFCC, dct_type=2, norm="ortho").T
    assert np.allclose(mfcc, librosa_mfcc, atol=1e-9)
    save("tone_16k_mono_mfcc.npy", mfcc)
    L64 = L.astype(np.float64)
    save("tone_16k_mono_logmel_norm.npy", (L64 - L64.mean(0)) / np.maximum(L64.std(0), MIN_STD))
    # A floor 40 dB below the clip's peak: log(exp(L) + exp(max L) * 10^-4), computed stably.
    peak = L64.max()
    floored = peak + np.log(np.exp(L64 - peak) + 10 ** (-40 / 10))
    assert np.allclose(floored, np.log(np.exp(L64) + np.exp(L64).max() * 1e-4), atol=1e-9)
    save("tone_16k_mono_logmel_floor40.npy", floored)
    M = mfcc
    save("tone_16k_mono_mfcc_norm.npy", (M - M.mean(0)) / np.maximum(M.std(0), MIN_STD))
    # Tokens: stacked +-1 frames every 3 frames (edges repeat), 8 segment means, clip mean.
    T = L.shape[0]
    k, hop = 1, 3
    stacked = [np.concatenate([L[min(max(t + o, 0), T - 1)] for o in range(-k, k + 1)])
               for t in range(0, T, hop)]
    save("tone_16k_mono_tokens_stacked_k1_h3.npy", np.array(stacked))
    n = 8
    segments = [L64[i * T // n: max((i + 1) * T // n, i * T // n + 1)].mean(0) for i in range(n)]
    save("tone_16k_mono_tokens_segments8.npy", np.array(segments))
    save("tone_16k_mono_tokens_clip.npy", L64.mean(0, keepdims=True))

    # 3 s at 16 kHz (FLAC keeps it small): more frames than one filterbank batch and more
    # samples than the STFT keeps buffered, so the streaming seams are crossed.
    write("long_16k.flac", signal(48000, SR, seed=6), SR, "PCM_16", "FLAC")
    save("long_16k_logmel.npy", reference_logmel(load16k(OUT / "long_16k.flac")))

    # 44.1 kHz stereo: downmix + resampler parity, then log-mel parity after resampling.
    write("stereo_44k.wav", signal(13230, 44100, channels=2, seed=1), 44100, "PCM_16")
    y, sr = sf.read(OUT / "stereo_44k.wav", dtype="float32", always_2d=True)
    mono = librosa.to_mono(y.T)
    resampled = soxr.resample(mono, sr, SR, quality="HQ")
    assert np.array_equal(resampled, load16k(OUT / "stereo_44k.wav"))
    save("stereo_44k_resampled.npy", resampled)
    save("stereo_44k_logmel.npy", reference_logmel(resampled))

    # Speed perturbation (sox-style `speed`): 8 kHz samples taken to be at 8000 * s Hz, then
    # resampled to 16 kHz; FrameFinder rounds the assumed rate to whole hertz.
    write("speech_8k.wav", signal(8000, 8000, seed=7), 8000, "PCM_16")
    y8, _ = sf.read(OUT / "speech_8k.wav", dtype="float32")
    for speed, rate in [(0.9, 7200), (1.1, 8800)]:
        assert rate == round(8000 * speed)
        save(f"speech_8k_speed{speed}_logmel.npy", reference_logmel(soxr.resample(y8, rate, SR, quality="HQ")))

    # Unusual but valid inputs, each with librosa's log-mel.
    write("u8_96k.wav", signal(9600, 96000, seed=2), 96000, "PCM_U8")
    write("six_channels.wav", signal(1600, SR, channels=6, seed=3), SR, "PCM_16")
    write("one_hertz.wav", np.array([0.5, -0.25]), 1, "PCM_16")
    write("silent.wav", np.zeros(1600), SR, "PCM_16")
    for name in ["u8_96k", "six_channels", "one_hertz", "silent"]:
        save(f"{name}_logmel.npy", reference_logmel(load16k(OUT / f"{name}.wav")))

    # Each format libsndfile reads, with soundfile's decoded mono samples.
    tone = signal(1600, SR, seed=4)
    formats = {
        "format_pcm_u8.wav": ("PCM_U8", None), "format_pcm_16.wav": ("PCM_16", None),
        "format_pcm_24.wav": ("PCM_24", None), "format_pcm_32.wav": ("PCM_32", None),
        "format_float.wav": ("FLOAT", None), "format_double.wav": ("DOUBLE", None),
        "format_flac.flac": ("PCM_16", "FLAC"), "format_vorbis.ogg": ("VORBIS", "OGG"),
        "format_aiff.aiff": ("PCM_16", "AIFF"), "format_au.au": ("PCM_16", "AU"),
        "format_caf.caf": ("PCM_24", "CAF"),
    }
    for name, (subtype, fmt) in formats.items():
        write(name, tone, SR, subtype, fmt)
        decoded, _ = sf.read(OUT / name, dtype="float32")
        save(name.rsplit(".", 1)[0] + "_samples.npy", decoded)

    # Truncated: the header promises 1600 frames, 500 are missing; decode what is there.
    write("full.wav", tone, SR, "PCM_16")
    full = (OUT / "full.wav").read_bytes()
    (OUT / "full.wav").unlink()
    (OUT / "truncated.wav").write_bytes(full[:-1000])
    save("truncated_logmel.npy", reference_logmel(load16k(OUT / "truncated.wav")))

    # Bad inputs: each must be refused with an error naming the file.
    data = full.index(b"data")
    huge = bytearray(full)
    huge[data + 4:data + 8] = struct.pack("<I", 0xFFFFFF00)
    (OUT / "huge_frames.wav").write_bytes(bytes(huge))
    no_channels = bytearray(full)
    no_channels[22:24] = struct.pack("<H", 0)
    (OUT / "zero_channels.wav").write_bytes(bytes(no_channels))
    write("aiff.aiff", tone, SR, "PCM_16", "AIFF")
    aiff = bytearray((OUT / "aiff.aiff").read_bytes())
    (OUT / "aiff.aiff").unlink()
    comm = aiff.index(b"COMM")
    aiff[comm + 10:comm + 14] = struct.pack(">I", 0x7FFFFFF0)
    (OUT / "huge_frames.aiff").write_bytes(bytes(aiff))
    for name, bad in [("nan.wav", np.nan), ("inf.wav", np.inf)]:
        y = tone.copy()
        y[700] = bad
        write(name, y, SR, "FLOAT")
    (OUT / "text.wav").write_text("This is a text file, not a RIFF WAVE file.\n")
    (OUT / "empty.wav").write_bytes(b"")
    write("short_16k.wav", tone[:399], SR, "PCM_16")
    short8k = signal(199, 8000, seed=5)
    assert len(soxr.resample(short8k.astype(np.float32), 8000, SR, quality="HQ")) < 400
    write("short_8k.wav", short8k, 8000, "PCM_16")

    # A real 8 kHz FSDD recording: only the expectation is committed, never the wav.
    if FSDD_CLIP.exists():
        save("fsdd_0_jackson_0_logmel.npy", reference_logmel(load16k(FSDD_CLIP)))
    else:
        print(f"gen_audio_fixtures: {FSDD_CLIP} absent, FSDD expectation not regenerated", file=sys.stderr)

    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"gen_audio_fixtures: {len(list(OUT.iterdir()))} files, {total / 1024:.0f} KiB in {OUT}")


if __name__ == "__main__":
    main()
