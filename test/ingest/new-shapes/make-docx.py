"""Writes county-sports-services.docx: a Word notice whose section headings use the Heading 1 style, with a table,
a signature, and an attachment after it.  Usage: python3 make-docx.py county-sports-services.docx"""
import zipfile, sys
from xml.sax.saxutils import escape

def p(text, style=None, align=None):
    ppr = ""
    if style or align:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + (f'<w:jc w:val="{align}"/>' if align else "") + "</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

def table(rows):
    out = "<w:tbl>"
    for row in rows:
        out += "<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in row) + "</w:tr>"
    return out + "</w:tbl>"

body = [
  p("某某县文化和旅游体育局 某某县财政局关于政府购买全民健身服务的通知", "Title", "center"),
  p("某文体发〔2024〕11号", None, "center"),
  p("各乡镇人民政府，县直有关单位："),
  p("为丰富群众体育生活，规范政府购买全民健身服务，现就有关事项通知如下："),
  p("一、购买内容", "Heading1"),
  p("重点购买全民健身赛事活动组织、社会体育指导员培训和公共体育场馆免费低收费开放服务。"),
  p("二、补助标准", "Heading1"),
  p("各类服务按以下标准给予补助："),
  table([["服务类别", "补助标准", "结算方式"], ["赛事活动", "每场不超过2万元", "按场次结算"], ["场馆开放", "每小时不超过200元", "按季度结算"]]),
  p("三、有关要求", "Heading1"),
  p("承接主体不得向参与群众收取报名费，不得将赛事活动转包。"),
  p("特此通知。"),
  p("附件：全民健身服务项目申报表"),
  p("某某县文化和旅游体育局    某某县财政局", None, "right"),
  p("2024年3月15日", None, "right"),
  p("附件", "Heading1"),
  p("全民健身服务项目申报表", None, "center"),
  table([["项目名称", "申报单位", "预算金额"], ["乡村篮球联赛", "某某镇文化站", "5万元"]]),
]
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
       + "".join(body) + '</w:body></w:document>')
styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
          '</w:styles>')
ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
      '</Types>')
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '</Relationships>')
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", doc),
                       ("word/styles.xml", styles), ("word/_rels/document.xml.rels", doc_rels)]:
        zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data)
