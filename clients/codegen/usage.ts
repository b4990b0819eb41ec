// Code a TypeScript app writes against the generated types: tsc must accept it, so the
// generated operation types have the fields and nullability a UI relies on.
import type {
  OrgChartQuery,
  OrgChartQueryVariables,
  ScoresQuery,
  SetReportsToMutationVariables,
  Strength,
} from "./__generated__/types";

export const variables: OrgChartQueryVariables = { id: "acc-northwind", depth: 3 };

export function colourOf(strength: Strength | null | undefined): string {
  switch (strength) {
    case "STRONG":
      return "green";
    case "DEVELOPING":
      return "yellow";
    case "WEAK":
      return "orange";
    case "AT_RISK":
      return "red";
    default:
      return "grey";
  }
}

export function layout(data: OrgChartQuery): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const node of data.account?.orgChart.nodes ?? []) {
    const parent: string | null | undefined = node.parentId;
    if (parent) children.set(parent, [...(children.get(parent) ?? []), node.personId]);
    const label: string = `${node.person.name} (${colourOf(node.bestStrength)})`;
    void label;
  }
  return children;
}

export function championName(data: ScoresQuery): string | null {
  const top = data.account?.scores.championDependency.top;
  return top ? `${top.person.name} [${top.person.ownId}]` : null;
}

export const move: SetReportsToMutationVariables = { personId: "p-raman", managerId: "p-alvarez" };
