import Kusari
print("kusari")
