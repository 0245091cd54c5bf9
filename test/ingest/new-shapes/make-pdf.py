"""Writes town-outsourcing.pdf: a two-page notice in a CJK font (STSong-Light, no embedding), wrapped at 30
characters like a printed page, with a running header on each page, a page number "— 1 —" at the foot of page 1,
and a sentence that runs on from page 1 to page 2.  Usage: python3 make-pdf.py town-outsourcing.pdf"""
import sys

HEADER = "某某镇人民政府文件汇编"
page1 = [
  HEADER,
  "某某镇人民政府关于政府购买环境卫生服务的通知",
  "某镇政发〔2024〕6号",
  "各村（居）民委员会，镇直各单位：",
  "为改善镇域人居环境，规范政府购买环境卫生服务，现就有关事项通知如下：",
  "一、购买内容包括道路清扫保洁、垃圾收集转运和公共厕所管理，不包括环卫车辆和设施设备的购置，也不包括垃圾中转站的新建和改造工程，上述工程和货物应当按照政府采购有关规定另行",
]
page2 = [
  HEADER,
  "采购。",
  "二、承接主体应当配备不少于20名保洁人员，并为其依法缴纳社会保险。",
  "三、服务费按月考核、按季支付，考核不合格的当月扣减服务费10%。",
  "某某镇人民政府",
  "2024年4月2日",
]
WIDTH = 30

def wrap(lines):
    out = []
    for l in lines:
        while len(l) > WIDTH:
            out.append(l[:WIDTH]); l = l[WIDTH:]
        out.append(l)
    return out

def hexs(s):
    return "<" + "".join("%04X" % ord(c) for c in s) + ">"

def page_content(lines, footer):
    body = "BT /F1 12 Tf 16 TL 40 800 Td\n" + "\n".join(f"{hexs(l)} Tj T*" for l in wrap(lines)) + "\nET"
    if footer:
        body += f"\nBT /F1 10 Tf 280 40 Td {hexs(footer)} Tj ET"
    return body

c1 = page_content(page1, "— 1 —")
c2 = page_content(page2, "— 2 —")
objs = [
  "<< /Type /Catalog /Pages 2 0 R >>",
  "<< /Type /Pages /Kids [3 0 R 8 0 R] /Count 2 >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
  "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
  f"<< /Length {len(c1.encode('latin1'))} >>\nstream\n{c1}\nendstream",
  "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>",
  "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 9 0 R >>",
  f"<< /Length {len(c2.encode('latin1'))} >>\nstream\n{c2}\nendstream",
]
out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin1")
xref = len(out)
out += f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n".encode()
for off in offsets:
    out += f"{off:010d} 00000 n \n".encode()
out += f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
open(sys.argv[1], "wb").write(out)
