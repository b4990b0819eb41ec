// Operations a Relay app on Stakegraph writes, compiled by relay-compiler against the committed
// schema.graphql (tests/clients/). The `graphql` tag is only read by the compiler.
/* global graphql */

// A paginated, refetchable list of an account's people.
graphql`
  fragment operationsPeople_account on Account
  @refetchable(queryName: "AccountPeoplePaginationQuery")
  @argumentDefinitions(count: {type: "Int", defaultValue: 5}, cursor: {type: "String"}) {
    name
    people(first: $count, after: $cursor) @connection(key: "operationsPeople_people") {
      __id
      totalCount
      edges { cursor node { id personId name title seniority } }
    }
  }
`;

graphql`
  query operationsAccountPeopleQuery($id: ID!) {
    account(id: $id) { ...operationsPeople_account }
  }
`;

// The org chart in both shapes in one query: the flat nodes and the nested tree hold the same
// people, which must not become one store record of two types.
graphql`
  query operationsOrgChartQuery($id: ID!) {
    account(id: $id) {
      id
      orgChart {
        accountId
        rootIds
        nodes {
          personId parentId depth roles bestStrength
          person { id name title }
          owners { teamMemberId name strength }
        }
        edges { source target }
      }
      orgTree(depth: 2) {
        personId roles bestStrength
        person { id name }
        children { personId person { id name } children { personId person { id name } } }
      }
      stakeholderMap { person { id name } roles bestStrength }
    }
  }
`;

// Scores name people by reference; the champion-dependency figure a UI shows.
graphql`
  query operationsScoresQuery($id: ID!, $without: [ID!]) {
    account(id: $id) {
      id
      scores(without: $without) {
        asOf
        championDependency {
          value explanation
          top { person { ownId nodeId name } side dependency }
        }
        riskFlags { code message people { ownId nodeId name } }
        strengths { teamMember { ownId name } person { ownId name } effective }
      }
      scoreHistory { snapshotId asOf breadth dependency executive }
    }
  }
`;

graphql`
  query operationsNodeQuery($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Person { personId name currentAccount { id name } }
      ... on Account { accountId name }
    }
  }
`;

// Delete a person and drop their edge from every connection the store holds.
graphql`
  mutation operationsDeletePersonMutation($id: ID!, $connections: [ID!]!) {
    deletePerson(id: $id) {
      deletedId
      deletedNodeId @deleteEdge(connections: $connections)
      userErrors { field code message }
    }
  }
`;
