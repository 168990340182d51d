// Corrections to the HCL that cdktf 0.21 renders (`cdktf synth --hcl`), for the three
// constructs it renders wrongly, so the export is valid Terraform (checked by
// `terraform validate` in .ci/run):
//   - lifecycle pre/postconditions come out as a list attribute; Terraform wants blocks;
//   - the helm provider 3.x `kubernetes` setting (and its `exec`) is a nested attribute, not
//     a block;
//   - helm_release `set_sensitive` is a list attribute in helm 3.x, not a block;
//   - `provider` and `depends_on` references come out quoted (deprecated since Terraform 0.12).
// cdktf writes one token per line with braces on their own lines, which the line-based
// rewriting below relies on; the CI check catches it if that ever changes.

export function fixCdktfHcl(hcl: string): string {
  return unquoteReferences(setSensitiveAsList(helmKubernetesAsAttribute(conditionsAsBlocks(hcl))));
}

/** `provider = "oci.c2"` and `depends_on = ["type.name",]` -> bare references. */
function unquoteReferences(hcl: string): string {
  return hcl
    .replace(/^(\s*provider = )"([a-z][a-z0-9_]*(\.[A-Za-z0-9_-]+)?)"$/gm, "$1$2")
    .replace(
      /^(\s*depends_on = \[\n)([\s\S]*?)(\n\s*\])/gm,
      (_m, head: string, items: string, tail: string) => head + items.replace(/^(\s*)"([^"${}]+)"(,?)$/gm, "$1$2$3") + tail,
    );
}

/** `precondition = [\n{\n…\n},\n]` -> one `precondition {\n…\n}` block per element. */
function conditionsAsBlocks(hcl: string): string {
  return hcl.replace(/^(\s*)(precondition|postcondition) = \[\n\{\n([\s\S]*?)\n\},\n\]$/gm, (_m, indent: string, kind: string, body: string) =>
    body
      .split("\n},\n{\n")
      .map((element) => `${indent}${kind} {\n${element}\n}`)
      .join("\n"),
  );
}

/** Inside `provider "helm"`, `kubernetes {` and its `exec {` are attributes: `= {`. */
function helmKubernetesAsAttribute(hcl: string): string {
  const out: string[] = [];
  let depth = 0;
  let inHelm = false;
  for (const line of hcl.split("\n")) {
    const trimmed = line.trim();
    if (!inHelm && trimmed === 'provider "helm" {') {
      inHelm = true;
      depth = 0;
    }
    let text = line;
    if (inHelm && depth >= 1 && (trimmed === "kubernetes {" || trimmed === "exec {")) text = line.replace(/\{$/, "= {");
    if (inHelm) {
      depth += (trimmed.match(/\{$/) ? 1 : 0) - (trimmed.match(/^\}/) ? 1 : 0);
      if (depth === 0) inHelm = false;
    }
    out.push(text);
  }
  return out.join("\n");
}

/** `set_sensitive {\n…\n}` -> `set_sensitive = [{\n…\n}]` (one per resource, as okemesh writes). */
function setSensitiveAsList(hcl: string): string {
  return hcl.replace(
    /^(\s*)set_sensitive \{\n([\s\S]*?)\n\1\}$/gm,
    (_m, indent: string, body: string) => `${indent}set_sensitive = [{\n${body}\n${indent}}]`,
  );
}
