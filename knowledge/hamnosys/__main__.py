"""python -m signbridge.knowledge.hamnosys: parser coverage over the DGS dictionary."""

from signbridge.knowledge.hamnosys.coverage import dgs_coverage

cov = dgs_coverage()
print(f"{cov.strings} HamNoSys strings, {cov.symbols} symbols, {cov.understood} understood "
      f"({100 * cov.ratio:.2f}%), {cov.unknown} unknown code points")
print("not interpreted:", ", ".join(f"{name} x{n}" for name, n in cov.unparsed_by_name.items()) or "none")

