// What the API schema a client sees should be, judged against the subgraph SDLs in schema/.
//
// The router serves the API schema of the supergraph: every type, field, argument, enum value
// and input field some subgraph declares, minus what federation itself adds (`_entities`,
// `_service`, `_Any`, `link__*`, `join__*`, the federation directives) and minus anything
// `@inaccessible`. Checking both directions against the subgraphs' own SDLs (rather than
// against the supergraph, which is composed from them) catches a router that drops part of
// the schema as well as one that leaks composition internals.
import { Kind, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, print } from "graphql";

/** Directives an API schema may define: the executable and schema directives of the spec. */
export const SPEC_DIRECTIVES = ["skip", "include", "deprecated", "specifiedBy", "oneOf", "defer", "stream"];

const BUILT_IN_SCALARS = ["String", "Int", "Float", "Boolean", "ID"];
const FEDERATION_ROOT_FIELDS = ["_entities", "_service"];

/** A name federation or composition adds, never part of an API schema. */
export function isFederationName(name) {
  return name.startsWith("_") || /^(join|link|federation)__/.test(name);
}

const KINDS = {
  [Kind.OBJECT_TYPE_DEFINITION]: "OBJECT",
  [Kind.OBJECT_TYPE_EXTENSION]: "OBJECT",
  [Kind.INTERFACE_TYPE_DEFINITION]: "INTERFACE",
  [Kind.INTERFACE_TYPE_EXTENSION]: "INTERFACE",
  [Kind.UNION_TYPE_DEFINITION]: "UNION",
  [Kind.UNION_TYPE_EXTENSION]: "UNION",
  [Kind.ENUM_TYPE_DEFINITION]: "ENUM",
  [Kind.ENUM_TYPE_EXTENSION]: "ENUM",
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: "INPUT_OBJECT",
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: "INPUT_OBJECT",
  [Kind.SCALAR_TYPE_DEFINITION]: "SCALAR",
  [Kind.SCALAR_TYPE_EXTENSION]: "SCALAR",
};

function hasDirective(node, name) {
  return (node.directives ?? []).some((directive) => directive.name.value === name);
}

function deprecationOf(node) {
  const directive = (node.directives ?? []).find((d) => d.name.value === "deprecated");
  if (!directive) return null;
  const reason = directive.arguments?.find((arg) => arg.name.value === "reason");
  return reason ? reason.value.value : "No longer supported";
}

/**
 * The API elements the subgraph SDLs declare, by path (`Type`, `Type.field`, `Type.field(arg)`,
 * `Enum.VALUE`, `Union|Member`, `Type&Interface`), each with the kinds, type references,
 * descriptions and deprecations the subgraphs give it.
 */
export function expectedElements(documents) {
  const elements = new Map();
  const note = (path, facts) => {
    const entry = elements.get(path) ?? { kinds: new Set(), types: new Set(), descriptions: new Set(), deprecations: new Set(), declarations: 0 };
    entry.declarations += 1;
    if (facts.kind) entry.kinds.add(facts.kind);
    if (facts.type) entry.types.add(facts.type);
    if (facts.description) entry.descriptions.add(facts.description);
    if (facts.deprecation) entry.deprecations.add(facts.deprecation);
    elements.set(path, entry);
  };
  const member = (node) => ({
    description: node.description?.value,
    deprecation: deprecationOf(node),
    type: node.type ? print(node.type) : undefined,
  });
  for (const document of documents) {
    for (const definition of document.definitions) {
      const kind = KINDS[definition.kind];
      if (!kind) continue; // directive definitions, schema definitions and extensions
      const typeName = definition.name.value;
      if (isFederationName(typeName) || hasDirective(definition, "inaccessible")) continue;
      note(typeName, { kind, description: definition.description?.value });
      for (const iface of definition.interfaces ?? []) note(`${typeName}&${iface.name.value}`, {});
      for (const type of definition.types ?? []) note(`${typeName}|${type.name.value}`, {});
      for (const value of definition.values ?? []) {
        if (!hasDirective(value, "inaccessible")) note(`${typeName}.${value.name.value}`, member(value));
      }
      for (const field of definition.fields ?? []) {
        const name = field.name.value;
        if (FEDERATION_ROOT_FIELDS.includes(name) || hasDirective(field, "inaccessible")) continue;
        note(`${typeName}.${name}`, member(field));
        for (const arg of field.arguments ?? []) {
          if (!hasDirective(arg, "inaccessible")) note(`${typeName}.${name}(${arg.name.value})`, member(arg));
        }
      }
    }
  }
  return elements;
}

/** The same paths, read from a built schema. */
export function actualElements(schema) {
  const elements = new Map();
  const describe = (element, type) => ({
    description: element.description ?? null,
    deprecation: element.deprecationReason ?? null,
    type: type ? String(type) : undefined,
  });
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || BUILT_IN_SCALARS.includes(type.name)) continue;
    const kind = isObjectType(type) ? "OBJECT" : isInterfaceType(type) ? "INTERFACE" : isUnionType(type) ? "UNION"
      : isEnumType(type) ? "ENUM" : isInputObjectType(type) ? "INPUT_OBJECT" : "SCALAR";
    elements.set(type.name, { kind, description: type.description ?? null, deprecation: null });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const iface of type.getInterfaces()) elements.set(`${type.name}&${iface.name}`, {});
    }
    if (isUnionType(type)) {
      for (const member of type.getTypes()) elements.set(`${type.name}|${member.name}`, {});
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) elements.set(`${type.name}.${value.name}`, describe(value));
    }
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        elements.set(`${type.name}.${field.name}`, describe(field, field.type));
        for (const arg of field.args ?? []) {
          elements.set(`${type.name}.${field.name}(${arg.name})`, describe(arg, arg.type));
        }
      }
    }
  }
  return elements;
}

/**
 * Differences between the schema a client built and what the subgraphs declare: elements
 * missing from the client's schema, elements no subgraph declares, and elements whose kind,
 * type, description or deprecation is none the subgraphs give.
 */
export function compareWithSubgraphs(schema, documents) {
  const expected = expectedElements(documents);
  const actual = actualElements(schema);
  const missing = [...expected.keys()].filter((path) => !actual.has(path));
  const unexpected = [...actual.keys()].filter((path) => !expected.has(path));
  const mismatched = [];
  for (const [path, want] of expected) {
    const got = actual.get(path);
    if (!got) continue;
    const check = (what, value, allowed, required) => {
      const ok = allowed.size === 0 ? !required && (value === null || value === undefined) : allowed.has(value);
      if (!ok) mismatched.push({ path, what, got: value ?? null, expected: [...allowed] });
    };
    if (got.kind !== undefined) check("kind", got.kind, want.kinds, true);
    if (got.type !== undefined) check("type", got.type, want.types, true);
    if (got.description !== undefined) check("description", got.description, want.descriptions, false);
    if (got.deprecation !== undefined) check("deprecation", got.deprecation, want.deprecations, false);
  }
  return { expectedCount: expected.size, actualCount: actual.size, missing, unexpected, mismatched };
}
