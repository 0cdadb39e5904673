print("bench-audio: not written yet")
