import Kusari
print("{}")
