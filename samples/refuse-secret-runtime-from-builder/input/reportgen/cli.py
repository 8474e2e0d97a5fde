import argparse

from jinja2 import Template

TEMPLATE = Template("<h1>Report {{ month }}</h1>")


def main() -> None:
    parser = argparse.ArgumentParser(prog="reportgen")
    parser.add_argument("month")
    args = parser.parse_args()
    print(TEMPLATE.render(month=args.month))
