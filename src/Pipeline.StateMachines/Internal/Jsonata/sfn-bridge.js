// Glue between the interpreter and the vendored JSONata library. The host passes JSON text in and reads
// JSON text back, so no host object crosses into the JSONata evaluator.
var __sfnCache = new Map();

function __sfnDescribe(e) {
  if (e && typeof e === 'object') {
    var text = e.message || String(e);
    if (e.code) { text = e.code + ': ' + text; }
    if (e.position !== undefined) { text = text + ' (position ' + e.position + ')'; }
    return text;
  }
  return String(e);
}

function __sfnCompile(expression) {
  var compiled = __sfnCache.get(expression);
  if (compiled) { return compiled; }
  compiled = jsonata(expression);

  compiled.registerFunction('partition', function (array, size) {
    if (!Array.isArray(array)) { throw { code: 'States.QueryEvaluationError', message: '$partition expects an array as its first argument' }; }
    if (!(size > 0) || Math.floor(size) !== size) { throw { code: 'States.QueryEvaluationError', message: '$partition expects a positive integer chunk size' }; }
    var chunks = [];
    for (var i = 0; i < array.length; i += size) { chunks.push(array.slice(i, i + size)); }
    return chunks;
  });

  compiled.registerFunction('range', function (start, end, step) {
    if (step === undefined) { step = 1; }
    if (step === 0 || Math.floor(start) !== start || Math.floor(end) !== end || Math.floor(step) !== step) {
      throw { code: 'States.QueryEvaluationError', message: '$range expects integer start, end and a non-zero integer step' };
    }
    var values = [];
    for (var v = start; step > 0 ? v <= end : v >= end; v += step) {
      if (values.length === 1000) { throw { code: 'States.QueryEvaluationError', message: '$range produces at most 1000 items' }; }
      values.push(v);
    }
    return values;
  });

  compiled.registerFunction('hash', function (data, algorithm) {
    var text = typeof data === 'string' ? data : JSON.stringify(data);
    return __sfnHash(text, algorithm);
  });

  compiled.registerFunction('random', function (seed) {
    return seed === undefined ? __sfnRandom() : __sfnRandomSeeded(seed);
  });

  compiled.registerFunction('uuid', function () { return __sfnUuid(); });

  compiled.registerFunction('parse', function (text) {
    try { return JSON.parse(text); }
    catch (e) { throw { code: 'States.QueryEvaluationError', message: '$parse could not parse the string as JSON: ' + e.message }; }
  });

  compiled.registerFunction('eval', function () {
    throw { code: 'States.QueryEvaluationError', message: 'The function $eval is not supported by Step Functions. Use $parse instead' };
  });

  // Definitions are few, but keep the cache bounded when expressions are generated.
  if (__sfnCache.size >= 2000) { __sfnCache.clear(); }
  __sfnCache.set(expression, compiled);
  return compiled;
}

function __sfnCheck(expression) {
  try { __sfnCompile(expression); return null; }
  catch (e) { return __sfnDescribe(e); }
}

function __sfnEvaluate(expression, bindingsJson) {
  var compiled;
  try { compiled = __sfnCompile(expression); }
  catch (e) { return JSON.stringify({ e: __sfnDescribe(e) }); }
  var bindings = JSON.parse(bindingsJson);
  return compiled.evaluate(undefined, bindings).then(
    function (r) { return r === undefined ? '{"u":true}' : JSON.stringify({ v: r }); },
    function (e) { return JSON.stringify({ e: __sfnDescribe(e) }); });
}
