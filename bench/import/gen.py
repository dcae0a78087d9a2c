#!/usr/bin/env python3
"""Write a residents spreadsheet (CSV, UTF-8) of N rows with valid GB 11643 ID numbers, spread over
buildings 1号楼…9号楼 of a demo community, with tags: python3 gen.py N > residents.csv"""
import sys, datetime

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"

def idnum(birth, seq):
    body = f"370102{birth:%Y%m%d}{seq:03d}"
    return body + C[sum(int(d) * w for d, w in zip(body, W)) % 11]

n = int(sys.argv[1])
print("姓名,身份证号,联系电话,楼栋,单元,房号,标签")
tags = ["独居老人", "高龄老人", "低保对象", "党员", "", "", "", ""]
for i in range(n):
    birth = datetime.date(1930, 1, 1) + datetime.timedelta(days=(i * 37) % 30000)
    seq = 300 + i // 30000  # unique (birth, seq) pairs for up to 30000 × 700 rows
    print(f"居民{i},{idnum(birth, seq)},139{i:08d},{i % 9 + 1}号楼,{i % 3 + 1},{100 + i % 1700},{tags[i % 8]}")
