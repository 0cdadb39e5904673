// FrameFinderReport: pictures of where the attention fell (heatmaps, contact sheets, overlays).
