print("bench-attention: not written yet")
