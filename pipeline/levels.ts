// Deploy order of the synthesized stacks, from cdktf's manifest: level 0 holds the stacks
// that depend on nothing (the region stacks, which may run in parallel), level 1 the stacks
// that depend only on level 0 (the mesh stack), and so on.

export interface Manifest {
  readonly stacks: Readonly<Record<string, { readonly dependencies: readonly string[]; readonly workingDirectory: string }>>;
}

export function stackLevels(manifest: Manifest): string[][] {
  const deps = new Map(Object.entries(manifest.stacks).map(([id, s]) => [id, new Set(s.dependencies)]));
  for (const [id, ds] of deps) for (const d of ds) if (!deps.has(d)) throw new Error(`stack ${id} depends on ${d}, which the manifest does not have`);
  const levels: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < deps.size) {
    const level = [...deps]
      .filter(([id, ds]) => !placed.has(id) && [...ds].every((d) => placed.has(d)))
      .map(([id]) => id)
      .sort();
    const rest = [...deps.keys()].filter((id) => !placed.has(id));
    if (level.length === 0) throw new Error(`the stacks ${rest.join(", ")} depend on each other in a cycle`);
    level.forEach((id) => placed.add(id));
    levels.push(level);
  }
  return levels;
}
