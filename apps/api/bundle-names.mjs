// esbuild's keepNames wraps every function it names in `__name(fn, "name")`, which redefines the function's `name`.
// For a class or a top-level function that runs once. For the closures and inner functions that the /v1 path
// creates on every request (Fastify's hook runners, the relay's callbacks) it ran for each of them, each time, at
// about 6% of the proxy's CPU. Most of those calls are redundant: the engine names a function expression after the
// variable, property or parameter it is assigned to, and a declared function has its own name. This pass blanks
// those calls, and the ones that name a function expression after a variable esbuild renamed to avoid a clash
// (`open4=__name(()=>{},"open")`, which leaves it named `open4`: such a closure's name shows in stack traces only).
// It keeps the others: classes, whose names Nest and the logs read, and declared functions esbuild renamed. It
// writes spaces over what it removes, so the bundle's source map stays exact.
import { parse } from 'acorn';

const NAME_HELPER = '__name';

/** The name the engine gives an anonymous function expression in this position, if it gives one. */
function inferredName(parent, node) {
  switch (parent?.type) {
    case 'VariableDeclarator':
      return parent.init === node && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'AssignmentExpression':
      return parent.operator === '=' && parent.right === node && parent.left.type === 'Identifier'
        ? parent.left.name
        : undefined;
    case 'AssignmentPattern':
      return parent.right === node && parent.left.type === 'Identifier' ? parent.left.name : undefined;
    case 'Property':
    case 'PropertyDefinition':
      if (parent.value !== node || parent.computed || parent.kind === 'get' || parent.kind === 'set')
        return undefined;
      return parent.key.type === 'Identifier'
        ? parent.key.name
        : typeof parent.key.value === 'string'
          ? parent.key.value
          : undefined;
    default:
      return undefined;
  }
}

/** `name`, or `name` with the number esbuild appends to a name it renamed. */
function isNameOrRenamed(inferred, name) {
  return inferred !== undefined && inferred.startsWith(name) && /^\d*$/.test(inferred.slice(name.length));
}

/** Whether `__name(target, name)` here is blanked: it names the function what the engine names it anyway. */
function isRedundant(call, parent) {
  const [target, name] = call.arguments;
  if (call.arguments.length !== 2 || name.type !== 'Literal' || typeof name.value !== 'string') return false;
  switch (target.type) {
    case 'Identifier':
      // A declaration's own name, which esbuild did not change.
      return target.name === name.value;
    case 'FunctionExpression':
      if (target.id) return target.id.name === name.value;
      return isNameOrRenamed(inferredName(parent, call), name.value);
    case 'ArrowFunctionExpression':
      return isNameOrRenamed(inferredName(parent, call), name.value);
    default:
      return false;
  }
}

/** Every `__name(...)` call with the node it is a child of. */
function* nameCalls(node, parent) {
  if (
    node.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === NAME_HELPER
  ) {
    yield { call: node, parent };
  }
  for (const key in node) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') yield* nameCalls(child, node);
    } else if (value && typeof value.type === 'string') {
      yield* nameCalls(value, node);
    }
  }
}

/**
 * `code` with its redundant `__name` calls blanked: `x=__name(()=>{},"x")` becomes `x=      (()=>{}    )`, which
 * names the function `x` as well (parentheses do not stop the engine naming it). Answers how many it blanked.
 */
export function blankRedundantNameCalls(code) {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
  const chars = code.split('');
  const blank = (start, end) => chars.fill(' ', start, end);
  let blanked = 0;
  for (const { call, parent } of nameCalls(program, undefined)) {
    if (!isRedundant(call, parent)) continue;
    blank(call.callee.start, call.callee.end);
    // From the comma: what sits between the target and it closes the target's own parentheses.
    blank(code.lastIndexOf(',', call.arguments[1].start), call.arguments[1].end);
    blanked += 1;
  }
  return { code: chars.join(''), blanked };
}
