a = []
for i in range(100000):
    a.append(i * 2)
total = 0
for x in a:
    total += x
print(total)
