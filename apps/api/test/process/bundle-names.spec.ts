import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { blankRedundantNameCalls } from '../../bundle-names.mjs';

// The helper esbuild's keepNames emits, and code shaped as it emits it.
const HELPER = 'var __name=(target,value)=>Object.defineProperty(target,"name",{value,configurable:!0});';

/** The names a snippet's functions end up with, as `names`, run as it is and after the pass. */
function namesBeforeAndAfter(body: string) {
  const source = `${HELPER}${body}`;
  const { code, blanked } = blankRedundantNameCalls(source);
  const run = (text: string) => runInNewContext(`${text};names`) as string[];
  return { before: run(source), after: run(code), blanked, code, source };
}

describe('blanking the bundle’s redundant __name calls', () => {
  it('leaves every function the name keepNames gave it, and keeps the source map’s columns', () => {
    const { before, after, blanked, code, source } = namesBeforeAndAfter(
      [
        'function outer(){function next(){}__name(next,"next");',
        'const arrow=__name(()=>1,"arrow");',
        'let parenthesised;parenthesised=__name(((a)=>a),"parenthesised");',
        'const object={method:__name(function(){},"method"),"quoted key":__name(async()=>{},"quoted key")};',
        'const named=__name(function named(){},"named");',
        'function withDefault(callback=__name(()=>{},"callback")){return callback}',
        'return [next.name,arrow.name,parenthesised.name,object.method.name,object["quoted key"].name,named.name,withDefault().name]}',
        'var names=outer();',
      ].join(''),
    );
    expect(after).toEqual(before);
    expect(after).toEqual(['next', 'arrow', 'parenthesised', 'method', 'quoted key', 'named', 'callback']);
    expect(blanked).toBe(7);
    expect(code).toHaveLength(source.length);
    expect(code).not.toContain('__name(');
  });

  it('keeps the calls that name classes and renamed declarations, and closures passed on', () => {
    const { before, after, blanked, code } = namesBeforeAndAfter(
      [
        'var Client2=class{static{__name(this,"Client")}};',
        'function helper2(){}__name(helper2,"helper");',
        'const other=__name(function inner(){},"outer");',
        'const listeners=[__name(()=>{},"onData")];',
        'var names=[Client2.name,helper2.name,other.name,listeners[0].name];',
      ].join(''),
    );
    expect(after).toEqual(['Client', 'helper', 'outer', 'onData']);
    expect(after).toEqual(before);
    expect(blanked).toBe(0);
    expect(code.match(/__name\(/g)).toHaveLength(4);
  });

  it('blanks the calls on closures esbuild renamed, which keep the bundle’s name', () => {
    const { after, blanked } = namesBeforeAndAfter(
      'function outer(){const open4=__name(()=>{},"open");return open4}var names=[outer().name];',
    );
    expect(after).toEqual(['open4']);
    expect(blanked).toBe(1);
  });
});
