"""Writes contests/mau-cau-hoi.docx, the sample Word question bank.

The committed .docx is what the importer's tests read (they do not need
Python); run this again only to change the sample, then update the test
`the_sample_reads_as_written` in functions/spreadsheets/src/docx.rs:

    python3 -m venv /tmp/docx-venv
    /tmp/docx-venv/bin/pip install python-docx==1.2.0
    /tmp/docx-venv/bin/python tools/make_sample_docx.py

The output is the same bytes on every run (fixed dates and archive times).
The layout is the one functions/spreadsheets/src/docx.rs documents: a title
and instructions (not imported), then «Câu N.» paragraphs, one option per
line (or two per line separated by a tab), the answer in bold, underlined or
on a «Đáp án:» line, and optional «Chủ đề:», «Nguồn:», «Tuần thi:» and
«Xáo trộn phương án:» lines.
"""

import datetime
import io
import pathlib
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = pathlib.Path(__file__).resolve().parent.parent / "contests" / "mau-cau-hoi.docx"

NQ76 = "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"
ND61 = "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ"
ND42 = "Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ"
PROGRAMME = "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030"

# Each question: number, text paragraphs, options (None marks the start of a
# second option on the same line, after a tab), the answer's mark ("bold",
# "underline" or "line" for a «Đáp án:» line) and extra lines.
QUESTIONS = [
    {
        "text": [f"{PROGRAMME} được ban hành kèm theo văn bản nào?"],
        "options": [
            "Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ",
            NQ76,
            ND61,
            ND42,
        ],
        "answer": ("B", "bold"),
        "lines": [("Chủ đề", "Chương trình tổng thể cải cách hành chính"), ("Nguồn", NQ76), ("Tuần thi", "Tuần 1")],
    },
    {
        "separator": ":",
        "text": [f"Theo Nghị quyết số 76/NQ-CP, {PROGRAMME} gồm bao nhiêu nội dung cải cách?"],
        "options": ["4 nội dung", None, "5 nội dung", "6 nội dung", None, "7 nội dung"],
        "answer": ("C", "underline"),
        "lines": [("Chủ đề", "Chương trình tổng thể cải cách hành chính"), ("Nguồn", NQ76)],
    },
    {
        "text": [f"Nội dung nào sau đây thuộc {PROGRAMME}?"],
        "options": ["Cải cách chế độ công vụ", "Cải cách tài chính công", "Cả A và B đều đúng", "Cả A và B đều sai"],
        "answer": ("C", "bold"),
        "lines": [
            ("Chủ đề", "Chương trình tổng thể cải cách hành chính"),
            ("Nguồn", NQ76),
            ("Xáo trộn phương án", "không"),
        ],
    },
    {
        "text": [f"Nội dung nào sau đây KHÔNG thuộc sáu nội dung cải cách của {PROGRAMME}?"],
        "options": [
            "Cải cách thể chế",
            "Cải cách tổ chức bộ máy hành chính nhà nước",
            "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
            "Cải cách tư pháp",
        ],
        "answer": ("D", "bold"),
        "lines": [("Chủ đề", "Chương trình tổng thể cải cách hành chính"), ("Nguồn", NQ76)],
    },
    {
        "text": ["Văn bản nào quy định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính?"],
        "options": [
            "Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ",
            ND61,
            "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ",
            ND42,
        ],
        "answer": ("B", "line"),
        "lines": [("Chủ đề", "Cơ chế một cửa, một cửa liên thông"), ("Nguồn", ND61)],
    },
    {
        "text": [
            "Chọn cụm từ thích hợp điền vào chỗ trống (…):",
            "Theo Nghị định số 61/2018/NĐ-CP của Chính phủ, cơ chế một cửa, một cửa liên thông được thực hiện "
            "trong (…) cho tổ chức, cá nhân.",
        ],
        "options": [
            "tuyển dụng công chức",
            "giải quyết thủ tục hành chính",
            "xét xử các vụ án hành chính",
            "lập dự toán ngân sách nhà nước",
        ],
        "answer": ("B", "underline"),
        "lines": [("Chủ đề", "Cơ chế một cửa, một cửa liên thông"), ("Nguồn", ND61)],
    },
    {
        "text": ["Theo Nghị định số 42/2022/NĐ-CP, dịch vụ công trực tuyến được phân thành những loại nào?"],
        "options": [
            "Dịch vụ công trực tuyến mức độ 1, 2, 3 và 4",
            "Dịch vụ công trực tuyến toàn trình và dịch vụ công trực tuyến một phần",
            "Dịch vụ công trực tuyến cấp tỉnh và dịch vụ công trực tuyến cấp xã",
            "Dịch vụ công trực tuyến có thu phí và dịch vụ công trực tuyến không thu phí",
        ],
        "answer": ("B", "bold"),
        "lines": [("Chủ đề", "Dịch vụ công trực tuyến"), ("Nguồn", ND42)],
    },
]

INSTRUCTIONS = [
    "Hướng dẫn soạn câu hỏi (phần này và tiêu đề không được nhập):",
    "– Mỗi câu bắt đầu bằng một đoạn «Câu 1.» hoặc «Câu 1:», tiếp theo là nội dung câu hỏi "
    "(có thể viết thành nhiều đoạn).",
    "– Mỗi phương án một dòng, bắt đầu bằng «A.», «B.», «C.», «D.» (nhiều nhất đến «F.»); "
    "hai phương án có thể chung một dòng, cách nhau bằng phím Tab.",
    "– Đánh dấu đáp án bằng cách in đậm hoặc gạch chân toàn bộ phương án đúng, "
    "hoặc thêm một dòng «Đáp án: B».",
    "– Có thể thêm các dòng «Chủ đề: …», «Nguồn: …» (văn bản làm căn cứ), «Tuần thi: Tuần 1» "
    "(câu chỉ dùng trong tuần thi đó) và «Xáo trộn phương án: không» (giữ nguyên thứ tự phương án, "
    "cần khi có phương án như «Cả A và B đều đúng»).",
]

TAB_STOP = Cm(8.5)


def font(run, size=13, bold=None, italic=None, underline=None):
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline


def paragraph(document, space_after=2):
    p = document.add_paragraph()
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.line_spacing = 1.15
    return p


def option_lines(options):
    """[(letter, text), …] per line: None in the list joins the next option to the line."""
    lines, letter, join = [], ord("A"), False
    for option in options:
        if option is None:
            join = True
            continue
        if join and lines:
            lines[-1].append((chr(letter), option))
        else:
            lines.append([(chr(letter), option)])
        join = False
        letter += 1
    return lines


def build():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    title = paragraph(document, space_after=12)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(title.add_run("NGÂN HÀNG CÂU HỎI\nCUỘC THI TÌM HIỂU CẢI CÁCH HÀNH CHÍNH"), size=14, bold=True)

    for line in INSTRUCTIONS:
        p = paragraph(document)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        font(p.add_run(line), size=12, italic=True)
    paragraph(document, space_after=6)

    for number, question in enumerate(QUESTIONS, start=1):
        letter, mark = question["answer"]
        first = paragraph(document, space_after=2)
        first.paragraph_format.space_before = Pt(8)
        first.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        font(first.add_run(f"Câu {number}{question.get('separator', '.')} "), bold=True)
        font(first.add_run(question["text"][0]))
        for more in question["text"][1:]:
            p = paragraph(document)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            font(p.add_run(more))
        for line in option_lines(question["options"]):
            p = paragraph(document)
            p.paragraph_format.left_indent = Cm(0.75)
            p.paragraph_format.tab_stops.add_tab_stop(TAB_STOP - Cm(0.75))
            for index, (option_letter, text) in enumerate(line):
                if index > 0:
                    font(p.add_run("\t"))
                font(p.add_run(f"{option_letter}. "))
                answer = option_letter == letter
                font(p.add_run(text), bold=answer and mark == "bold", underline=answer and mark == "underline")
        lines = list(question["lines"])
        if mark == "line":
            lines.insert(0, ("Đáp án", letter))
        for label, value in lines:
            p = paragraph(document)
            font(p.add_run(f"{label}: "), size=12, italic=True)
            font(p.add_run(value), size=12, italic=True)

    # Fixed metadata, so that the file only changes when the content does.
    fixed = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "Ban Tổ chức"
    properties.title = "Ngân hàng câu hỏi mẫu"
    properties.created = properties.modified = fixed
    properties.revision = 1
    return document


def write_reproducibly(document, path):
    """python-docx stamps archive entries with the current time: rewrite them."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    path.write_bytes(out.getvalue())


if __name__ == "__main__":
    write_reproducibly(build(), OUT)
    print(f"wrote {OUT}")
