print("bench-frames: not written yet")
