// Colours and labels: the one home for them (the legend in the page is drawn from these too).

// Our best relationship strength with a person.
export const STRENGTH_COLOURS = {
  STRONG: "#2e7d32",
  DEVELOPING: "#1e88e5",
  WEAK: "#f9a825",
  AT_RISK: "#c62828",
};
export const NO_STRENGTH_COLOUR = "#9e9e9e";

export const ROLE_BADGES = {
  DECISION_MAKER: "D",
  CHAMPION: "C",
  INFLUENCER: "I",
  USER: "U",
  BLOCKER: "B",
  COACH: "Co",
  TECHNICAL_BUYER: "T",
};

export const SCORES = [
  { field: "breadth", label: "Relationship breadth", higherIsWorse: false },
  { field: "championDependency", label: "Champion dependency", higherIsWorse: true },
  { field: "executiveAccess", label: "Executive access", higherIsWorse: false },
];
