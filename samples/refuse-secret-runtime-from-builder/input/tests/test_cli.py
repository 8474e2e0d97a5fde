from reportgen.cli import TEMPLATE


def test_template():
    assert "2024-01" in TEMPLATE.render(month="2024-01")
