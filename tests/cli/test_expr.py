"""The safe expression parser: what it accepts, what it refuses, and the graphs it builds."""

from __future__ import annotations

import math
import sys

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd import Value, gradcheck, topological_order
from autograd.cli.expr import Expression, ExpressionError, parse

MAZUR_H1 = {"x1": 0.05, "x2": 0.1, "w1": 0.15, "w2": 0.2, "b": 0.35}


def evaluate(text: str, **values: float) -> float:
    return parse(text).evaluate(values).data


# -- what is accepted ---------------------------------------------------------------------


def test_mazur_hidden_neuron_value_and_gradients() -> None:
    # Seed 003: net_h1 = 0.15*0.05 + 0.2*0.1 + 0.35 = 0.3775, out_h1 = σ(net_h1) = 0.593269992.
    expression = parse("sigmoid(w1*x1 + w2*x2 + b)")
    assert expression.variables == ("b", "w1", "w2", "x1", "x2")
    out, inputs = expression.evaluate_with_inputs(MAZUR_H1)
    assert out.data == pytest.approx(0.593269992, abs=1e-9)
    out.backward()
    slope = out.data * (1 - out.data)  # σ'(net) = out(1 - out)
    assert inputs["w1"].grad == pytest.approx(slope * 0.05)
    assert inputs["w2"].grad == pytest.approx(slope * 0.1)
    assert inputs["b"].grad == pytest.approx(slope)
    assert inputs["x1"].grad == pytest.approx(slope * 0.15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("2 ** 3 ** 2", 512.0),  # ** is right-associative
        ("-2 ** 2", -4.0),  # ** binds tighter than unary minus
        ("2 ** -1", 0.5),
        ("10 - 4 - 3", 3.0),  # - and / are left-associative
        ("24 / 4 / 3", 2.0),
        ("+3 - -2", 5.0),
        ("1_000 * 0.5e-3", 0.5),
        ("7", 7.0),
        ("  1 + 1", 2.0),  # leading blanks are allowed
    ],
)
def test_numbers_and_precedence_follow_python(text: str, expected: float) -> None:
    assert evaluate(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "x", "expected"),
    [
        ("x - 1 - x", 5.0, -1.0),
        ("-x ** 2", 3.0, -9.0),
        ("x / 2 * 4", 3.0, 6.0),
        ("exp(log(x))", 2.5, 2.5),
        ("tanh(x)", 0.5, math.tanh(0.5)),
        ("relu(x) + relu(-x)", -1.5, 1.5),
        ("sigmoid(0) * x", 4.0, 2.0),
    ],
)
def test_variables_operators_and_functions(text: str, x: float, expected: float) -> None:
    assert evaluate(text, x=x) == pytest.approx(expected)


def test_each_variable_is_one_shared_labelled_leaf() -> None:
    out, inputs = parse("x * x").evaluate_with_inputs({"x": 3.0})
    x = inputs["x"]
    assert x.label == "x" and x.is_leaf
    assert out.parents == (x, x)
    out.backward()
    assert x.grad == 6.0


def test_number_exponent_is_one_edge_and_constants_fold() -> None:
    out, inputs = parse("x ** 2").evaluate_with_inputs({"x": 3.0})
    assert out.parents == (inputs["x"],) and out.op is not None and out.op.name == "pow"
    folded, inputs = parse("2 * 3 * x").evaluate_with_inputs({"x": 1.5})
    constant = folded.parents[0]
    assert constant.data == 6.0 and constant.is_leaf  # 2 * 3 made before multiplying by x
    leaves = [v for v in topological_order(folded) if v.is_leaf]
    assert len(leaves) == 2


def test_result_is_labelled_f_unless_a_variable_is_called_f() -> None:
    assert parse("x + 1").evaluate({"x": 1.0}).label == "f"
    assert parse("f * g").evaluate({"f": 1.0, "g": 2.0}).label == "f_"
    assert parse("x").evaluate({"x": 1.0}).label == "x"  # the leaf keeps its own name
    constant = parse("2 + 3").evaluate({})
    assert constant.data == 5.0 and constant.label == "f"


def test_values_given_as_values_are_used_unchanged() -> None:
    w = Value(2.0, label="weight")
    out = parse("w * 3").evaluate({"w": w})
    out.backward()
    assert out.parents[0] is w and w.label == "weight" and w.grad == 3.0


# -- gradients against finite differences -------------------------------------------------

CATALOGUE = [
    "sigmoid(w1*x1 + w2*x2 + b)",
    "x * y / (1 + x * x)",
    "exp(-x * x) * tanh(y)",
    "log(1 + exp(x)) - y ** 3",
    "x ** y",
    "2 ** x + y ** -2",
    "relu(x - y) * x + 0.5 * (x - y) ** 2",
    "(x + y) * (x - y) / (y * y + 1)",
]


@pytest.mark.parametrize("text", CATALOGUE)
def test_gradients_match_finite_differences(text: str) -> None:
    expression = parse(text)
    point = {"x": 0.7, "y": 1.3, **MAZUR_H1}
    inputs = [point[name] for name in expression.variables]

    def build(*leaves: Value) -> Value:
        return expression.evaluate(dict(zip(expression.variables, leaves)))

    assert gradcheck(build, inputs)


def _render(tree: tuple[object, ...] | str | float) -> str:
    if isinstance(tree, (str, float)):
        return str(tree)
    head, *args = tree
    if head in ("+", "-", "*"):
        return f"({_render(args[0])} {head} {_render(args[1])})"  # type: ignore[arg-type]
    return f"{head}({_render(args[0])})"  # type: ignore[arg-type]


def _direct(tree: tuple[object, ...] | str | float, env: dict[str, Value]) -> Value | float:
    """The same expression built with Value's own operators, as a user would write it."""
    if isinstance(tree, str):
        return env[tree]
    if isinstance(tree, float):
        return tree
    head, *args = tree
    operands = [_direct(a, env) for a in args]  # type: ignore[arg-type]
    if head == "+":
        return operands[0] + operands[1]
    if head == "-":
        return operands[0] - operands[1]
    if head == "*":
        return operands[0] * operands[1]
    operand = operands[0]
    value = operand if isinstance(operand, Value) else Value(operand)
    return getattr(value, str(head))()  # type: ignore[no-any-return]


_leaf = st.sampled_from(["a", "b", "c"]) | st.floats(0.1, 2.0).map(lambda f: round(f, 2))
_trees = st.recursive(
    _leaf,
    lambda inner: (
        st.tuples(st.sampled_from(["+", "-", "*"]), inner, inner)
        | st.tuples(st.sampled_from(["tanh", "sigmoid"]), inner)
    ),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(_trees, st.tuples(*[st.floats(-2.0, 2.0)] * 3))
def test_parsed_graph_equals_the_directly_built_one(tree: object, point: tuple[float, ...]) -> None:
    text = _render(tree)  # type: ignore[arg-type]
    expression = parse(text)
    assume(expression.variables)
    env = {name: Value(p, name) for name, p in zip("abc", point)}
    used = {name: env[name] for name in expression.variables}
    parsed = expression.evaluate(used)
    direct = _direct(tree, env)  # type: ignore[arg-type]
    assert isinstance(direct, Value)
    assert parsed.data == pytest.approx(direct.data, rel=1e-12, abs=1e-12)
    parsed.backward()
    grads = {name: v.grad for name, v in used.items()}
    for v in used.values():
        v.grad = 0.0
    direct.backward()
    for name, v in used.items():
        assert grads[name] == pytest.approx(v.grad, rel=1e-12, abs=1e-12)


# -- what is refused ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "construct", "column"),
    [
        ("x + y.z", "attribute access (y.z)", 5),
        ("math.exp(x)", "call to math.exp", 1),
        ("x * open(x)", "call to open", 5),
        ("__import__(x)", "call to __import__", 1),
        ("exp(x=1)", "keyword argument (x=1)", 5),
        ("exp(*x)", "starred argument (*x)", 5),
        ("x[0]", "subscript (x[0])", 1),
        ("[x for x in y]", "list comprehension", 1),
        ("sum(x for x in y)", "call to sum", 1),
        ("tanh({x: 1 for x in y})", "dict comprehension", 6),
        ("(lambda: x)", "lambda (lambda: x)", 2),
        ("x < y", "comparison (x < y)", 1),
        ("x and y", "boolean operator (x and y)", 1),
        ("x if y else 0", "conditional expression", 1),
        ('f"{x}"', "f-string", 1),
        ("(y := 2) * y", "assignment expression (y := 2)", 2),
        ("x // 2", "operator // (x // 2)", 3),  # the operator, not the start
        ("x % 2", "operator %", 3),
        ("x @ y", "operator @", 3),
        ("x ^ y", "operator ^", 3),
        ("not x", "operator not", 1),
        ("~x", "operator ~", 1),
        ("'a' * x", "string ('a')", 1),
        ("b'a'", "bytes", 1),
        ("True + x", "boolean (True)", 1),
        ("None", "None", 1),
        ("2j * x", "complex number (2j)", 1),
        ("x + ...", "constant of type ellipsis", 5),
        ("(x, y)", "tuple ((x, y))", 1),
        ("[x]", "list ([x])", 1),
        ("{x}", "set ({x})", 1),
        ("{x: y}", "dict", 1),
    ],
)
def test_refused_constructs_are_named_with_their_column(
    text: str, construct: str, column: int
) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(text)
    message = str(info.value)
    assert message.startswith(construct)
    assert f"at column {column}" in message
    assert info.value.column == column


def test_calls_name_the_allowed_functions_and_the_arity() -> None:
    with pytest.raises(ExpressionError, match="the functions are exp, log, tanh, sigmoid, relu"):
        parse("softmax(x)")
    with pytest.raises(ExpressionError, match=r"sigmoid takes exactly one argument, got 2"):
        parse("sigmoid(x, y)")
    with pytest.raises(ExpressionError, match=r"exp takes exactly one argument, got 0"):
        parse("1 + exp()")
    with pytest.raises(ExpressionError, match=r"exp is a function: call it as exp\(...\)"):
        parse("exp * 2")


@pytest.mark.parametrize(
    ("text", "words", "column"),
    [
        ("sigmoid(w1*x1 + )", "syntax error: invalid syntax", 17),
        ("x +* y", "syntax error", 4),
        ("(x + 1", "syntax error: '(' was never closed", 1),
        ("x)", "syntax error: unmatched ')'", 2),
        ("2x", "syntax error: invalid decimal literal", 1),
        ("x = 1", "syntax error", 3),
        ("  x +* y", "syntax error", 6),  # columns count the leading blanks
        ("√x", "invalid character", 1),
    ],
)
def test_syntax_errors_give_the_position(text: str, words: str, column: int) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert words in str(info.value)
    assert info.value.column == column
    caret_line = info.value.pointer().splitlines()[1]
    assert caret_line.index("^") - 2 == column - 1  # the caret sits under the column


def test_columns_count_characters_not_bytes_and_lines_are_named() -> None:
    with pytest.raises(ExpressionError, match="at column 5") as info:
        parse("é + é.x")
    assert info.value.column == 5
    with pytest.raises(ExpressionError, match="at line 2, column 3"):
        parse("(x\n+ y.z)")


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_expression(text: str) -> None:
    with pytest.raises(ExpressionError, match="the expression is empty"):
        parse(text)


def test_non_string_and_infinite_literals() -> None:
    with pytest.raises(TypeError, match="must be a str, got int"):
        parse(3)  # type: ignore[arg-type]
    with pytest.raises(ExpressionError, match="the number 1e400 is too large"):
        parse("1e400 * x")
    with pytest.raises(ExpressionError, match="null bytes"):
        parse("x\x00")


def test_long_chains_evaluate_and_deeper_ones_are_refused_clearly() -> None:
    # Python's own parser stops at 3,000 terms by default; flat sums go well past it.
    expression = parse(" + ".join(["x"] * 5000))
    out, inputs = expression.evaluate_with_inputs({"x": 2.0})
    out.backward()
    assert out.data == 10000.0 and inputs["x"].grad == 5000.0
    limit = sys.getrecursionlimit()
    with pytest.raises(ExpressionError, match=r"nested too deeply.*more than about 60,000 terms"):
        parse(" + ".join(["x"] * 70_000))
    assert sys.getrecursionlimit() == limit


# -- evaluation errors --------------------------------------------------------------------


def test_missing_extra_and_non_numeric_values() -> None:
    expression = parse("w1 * x1 + b")
    with pytest.raises(ExpressionError, match=r"missing value for b, x1 \(.* b, w1, x1\)"):
        expression.evaluate({"w1": 1.0})
    with pytest.raises(ExpressionError, match=r"x2 is not in the expression"):
        expression.evaluate({"w1": 1.0, "x1": 2.0, "b": 0.0, "x2": 1.0})
    with pytest.raises(ExpressionError, match=r"the value of x1 must be a number, got str '0\.5'"):
        expression.evaluate({"w1": 1.0, "x1": "0.5", "b": 0.0})  # type: ignore[dict-item]
    with pytest.raises(ExpressionError, match="the value of b must be a number, got bool"):
        expression.evaluate({"w1": 1.0, "x1": 2.0, "b": True})


@pytest.mark.parametrize(
    ("text", "values", "words"),
    [
        ("log(x - 1) + 2", {"x": 0.5}, r"'log\(x - 1\)' cannot be evaluated .*domain.* column 1"),
        ("x + 1 / 0", {"x": 1.0}, r"'1 / 0' cannot be evaluated .*division by zero.* column 5"),
        ("x / (y - y)", {"x": 1.0, "y": 2.0}, r"'x / \(y - y\)' .*division by zero"),
        ("(-8) ** (1 / 3) * x", {"x": 1.0}, r"negative base"),
        ("exp(x)", {"x": 1000.0}, r"'exp\(x\)' cannot be evaluated .*too large"),
    ],
)
def test_math_errors_name_the_subexpression(
    text: str, values: dict[str, float], words: str
) -> None:
    with pytest.raises(ExpressionError, match=words):
        parse(text).evaluate(values)


def test_expression_error_is_a_value_error_and_parse_returns_an_expression() -> None:
    assert issubclass(ExpressionError, ValueError)
    assert isinstance(parse("x"), Expression)


def test_names_are_compared_as_python_reads_them() -> None:
    # Python's parser turns the micro sign into the Greek mu (NFKC); a value
    # given under either spelling reaches the variable.
    expression = parse("µ * 2")
    assert expression.evaluate({"µ": 1.5}).data == 3.0
    assert expression.evaluate({"μ": 1.5}).data == 3.0
    with pytest.raises(ExpressionError, match="same variable twice"):
        expression.evaluate({"µ": 1.0, "μ": 2.0})
