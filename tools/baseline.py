#!/usr/bin/env python3
"""The quality issue's simple baseline, measured on the folds of tools/quality.py.

Audio: librosa log-mel (FrameFinder's front-end settings: 16 kHz, n_fft 512, hop 160, win 400,
64 bands, log(S + 1e-6)), mean over 8 equal segments side by side. Images: 14x14 grey pixels
(Pillow BOX resize). A logistic regression per modality (scikit-learn, standardised inputs)
maps each into the 10-d space of digit probabilities; a clip ranks the gallery by the dot
product of the two. Same gallery (100 images per digit, seed 0) and training images as the
leave-one-speaker-out folds; R@1 and mAP as `framefinder eval` computes them.

With --db the log-mel is librosa.power_to_db(S, ref=np.max) (decibels below the clip's
loudest bin, floored at 80 dB below it) instead of log(S + 1e-6).

Usage: python3 tools/baseline.py [--db]        (pinned versions: tools/requirements.txt)
"""
import csv
import sys
import tempfile
from pathlib import Path

import librosa
import numpy as np
from PIL import Image
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import quality


def read_csv(path):
    with open(path) as f:
        return [(row["file"], row["label"]) for row in csv.DictReader(f)]


def audio_vector(path):
    y, _ = librosa.load(path, sr=16000, mono=True, res_type="soxr_hq")
    S = librosa.feature.melspectrogram(y=y, sr=16000, n_fft=512, hop_length=160, win_length=400, n_mels=64,
                                       fmin=0, fmax=8000, center=True, pad_mode="constant", norm="slaney", htk=False)
    L = (librosa.power_to_db(S, ref=np.max) if "--db" in sys.argv else np.log(S + 1e-6)).T
    T = len(L)
    segments = [L[(i * T) // 8: max(((i + 1) * T) // 8, (i * T) // 8 + 1)].mean(0) for i in range(8)]
    return np.concatenate(segments)


def image_vector(path):
    image = Image.open(path).convert("L").resize((14, 14), Image.Resampling.BOX)
    return np.asarray(image, dtype=np.float64).ravel() / 255


def classifier(X, y):
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(X, y)


def main():
    if not quality.DATA.exists():
        sys.exit(f"baseline.py: {quality.DATA} is missing")
    with tempfile.TemporaryDirectory(prefix="framefinder-baseline-") as tmp:
        folder = Path(tmp)
        quality.make_folds(folder)
        train_images = read_csv(folder / "train_images.csv")
        gallery = [(str(folder / f), label) for f, label in read_csv(folder / "gallery.csv")]
        clips = {}
        for speaker in quality.SPEAKERS:
            for path, label in read_csv(folder / f"test_{speaker}.csv"):
                clips[path] = (audio_vector(path), label, speaker)
        images = classifier(np.array([image_vector(p) for p, _ in train_images]), [l for _, l in train_images])
        gallery_probabilities = images.predict_proba(np.array([image_vector(p) for p, _ in gallery]))
        gallery_labels = np.array([l for _, l in gallery])
        image_accuracy = float(np.mean(images.classes_[gallery_probabilities.argmax(1)] == gallery_labels))
    print("| held-out speaker | R@1 | mAP |\n| --- | ---: | ---: |")
    means = []
    for speaker in quality.SPEAKERS:
        train = [v for v in clips.values() if v[2] != speaker]
        test = [v for v in clips.values() if v[2] == speaker]
        audio = classifier(np.array([v[0] for v in train]), [v[1] for v in train])
        assert list(audio.classes_) == list(images.classes_)
        scores = audio.predict_proba(np.array([v[0] for v in test])) @ gallery_probabilities.T
        recall, precision = [], []
        for row, (_, label, _) in zip(scores, test):
            relevant = gallery_labels == label
            recall.append(float(relevant[np.argsort(-row, kind="stable")[0]]))
            precision.append(average_precision_score(relevant, row))
        means.append((np.mean(recall), np.mean(precision)))
        print(f"| {speaker} | {means[-1][0]:.3f} | {means[-1][1]:.3f} |")
    print(f"| **mean** | **{np.mean([m[0] for m in means]):.3f}** | **{np.mean([m[1] for m in means]):.3f}** |")
    print(f"\nimages alone: the pixel classifier labels {image_accuracy:.3f} of the gallery correctly")


if __name__ == "__main__":
    main()
