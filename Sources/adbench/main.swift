import DualTape
print("adbench")
