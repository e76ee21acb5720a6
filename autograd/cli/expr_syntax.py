"""The whitelist of ``autograd.cli.expr``: check a Python syntax tree, compile it to instructions.

Only numbers, names, ``+ - * / **``, unary ``-``/``+`` and calls of ``FUNCTIONS``
(with one positional argument, two for ``maximum`` and ``minimum``) pass; every
other node raises an ExpressionError naming the construct, its source text and
its column. Nothing here evaluates anything.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Literal

#: The engine's functions an expression may call (Value methods of the same names).
FUNCTIONS: tuple[str, ...] = (
    *("exp", "log", "tanh", "sigmoid", "relu", "sqrt", "abs", "sin", "cos", "softplus"),
    *("leaky_relu", "maximum", "minimum"),
)
#: How many arguments each function takes, where it is not one.
ARITY: dict[str, int] = {"maximum": 2, "minimum": 2}

_BINARY: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_REFUSED_OPERATORS: dict[type[ast.AST], str] = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Not: "not",
    ast.Invert: "~",
}
# What each refused node is called in an error message.
_CONSTRUCTS: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscript",
    ast.Slice: "slice",
    ast.ListComp: "list comprehension",
    ast.SetComp: "set comprehension",
    ast.DictComp: "dict comprehension",
    ast.GeneratorExp: "generator expression",
    ast.Lambda: "lambda",
    ast.Compare: "comparison",
    ast.BoolOp: "boolean operator",
    ast.IfExp: "conditional expression",
    ast.JoinedStr: "f-string",
    ast.FormattedValue: "f-string",
    ast.Starred: "starred expression",
    ast.NamedExpr: "assignment expression",
    ast.List: "list",
    ast.Tuple: "tuple",
    ast.Set: "set",
    ast.Dict: "dict",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}


class ExpressionError(ValueError):
    """An expression that cannot be parsed or evaluated; says what and where.

    ``line`` and ``column`` (1-based, in characters) locate the problem when it
    has a place in the text; ``pointer()`` draws a caret under it.
    """

    def __init__(
        self,
        message: str,
        text: str = "",
        line: int | None = None,
        column: int | None = None,
        hint: str = "",
    ) -> None:
        if column is not None:
            multiline = "\n" in text.rstrip("\n")
            message += f" at line {line}, column {column}" if multiline else f" at column {column}"
        super().__init__(message + (f"; {hint}" if hint else ""))
        self.text = text
        self.line = line
        self.column = column

    def pointer(self) -> str:
        """The offending line of the expression with a ``^`` under the position ('' if none)."""
        if self.column is None or self.line is None:
            return ""
        lines = self.text.splitlines() or [""]
        shown = lines[min(self.line, len(lines)) - 1]
        return f"  {shown}\n  {' ' * (self.column - 1)}^"


_Kind = Literal["number", "variable", "negate", "binary", "call"]


@dataclass(frozen=True)
class Instruction:
    """One step of the stack machine, with where it came from in the text."""

    kind: _Kind
    argument: float | str
    line: int
    column: int
    source: str


def compile_text(text: str) -> tuple[list[Instruction], list[str]]:
    """The instructions that evaluate ``text`` (postfix order) and its sorted variable names."""
    body = text.lstrip(" \t")
    indent = len(text) - len(body)  # eval mode refuses leading blanks: parse without them
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        line = exc.lineno or 1
        column = exc.offset if exc.offset and exc.offset > 0 else len(body.splitlines()[-1]) + 1
        raise ExpressionError(
            f"syntax error: {exc.msg}", text, line, column + (indent if line == 1 else 0)
        ) from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply to parse") from None
    except ValueError as exc:  # Python 3.11 reports null bytes this way
        raise ExpressionError(f"cannot parse the expression: {exc}") from None
    compiler = _Compiler(text, body, indent)
    program = compiler.run(tree.body)
    return program, sorted(compiler.variables)


class _Compiler:
    """Check each node against the whitelist and emit stack-machine instructions.

    The walk is iterative (an explicit stack), so a long chain such as
    ``x + x + ... + x`` cannot exhaust Python's recursion limit.
    """

    def __init__(self, text: str, body: str, indent: int) -> None:
        self.text, self.body, self.indent = text, body, indent
        self.variables: set[str] = set()

    def run(self, root: ast.expr) -> list[Instruction]:
        program: list[Instruction] = []
        pending: list[tuple[ast.expr, bool]] = [(root, False)]
        while pending:
            node, operands_done = pending.pop()
            if operands_done:
                program.extend(self._emit(node))
                continue
            operands = self._operands(node)
            pending.append((node, True))
            pending.extend((operand, False) for operand in reversed(operands))
        return program

    def _operands(self, node: ast.expr) -> list[ast.expr]:
        """The sub-expressions of an allowed node, in order; an ExpressionError otherwise."""
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self._refuse(node, _constant_kind(value))
            if value in (math.inf, -math.inf):
                raise self._error(node, f"the number {self._source(node)} is too large for a float")
            return []
        if isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                raise self._error(node, f"{node.id} is a function: call it as {node.id}(...)")
            return []
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY:
                symbol = _REFUSED_OPERATORS.get(type(node.op), type(node.op).__name__)
                raise self._refuse(node, f"operator {symbol}", "use + - * / **")
            return [node.left, node.right]
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                symbol = _REFUSED_OPERATORS.get(type(node.op), type(node.op).__name__)
                raise self._refuse(node, f"operator {symbol}", "only unary - and + are allowed")
            return [node.operand]
        if isinstance(node, ast.Call):
            return self._call_operands(node)
        construct = _CONSTRUCTS.get(type(node), type(node).__name__)
        raise self._refuse(node, construct)

    def _call_operands(self, node: ast.Call) -> list[ast.expr]:
        known = f"the functions are {', '.join(FUNCTIONS)}"
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            named = isinstance(node.func, (ast.Name, ast.Attribute))
            construct = f"call to {self._source(node.func)}" if named else "call"
            raise self._refuse(node, construct, known)
        name = node.func.id
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                raise self._refuse(argument, "starred argument")
        if node.keywords:
            keyword = node.keywords[0]
            raise self._refuse(keyword, "keyword argument", f"{name} takes positional arguments")
        arity = ARITY.get(name, 1)
        if len(node.args) != arity:
            wanted = "one argument" if arity == 1 else f"{arity} arguments"
            raise self._error(
                node,
                f"{name} takes exactly {wanted}, got {len(node.args)} ({self._source(node)})",
            )
        return list(node.args)

    def _emit(self, node: ast.expr) -> list[Instruction]:
        def make(kind: _Kind, arg: float | str) -> list[Instruction]:
            line, column = self._position(node)
            return [Instruction(kind, arg, line, column, self._source(node))]

        if isinstance(node, ast.Constant):
            number = node.value
            assert isinstance(number, (int, float))  # _operands refused every other literal
            try:
                return make("number", float(number))
            except OverflowError:
                raise self._error(node, f"the number {self._source(node)} is too large") from None
        if isinstance(node, ast.Name):
            self.variables.add(node.id)
            return make("variable", node.id)
        if isinstance(node, ast.BinOp):
            return make("binary", _BINARY[type(node.op)])
        if isinstance(node, ast.UnaryOp):
            return make("negate", "-") if isinstance(node.op, ast.USub) else []
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        return make("call", node.func.id)

    def _position(self, node: ast.AST) -> tuple[int, int]:
        """1-based line and character column (ast counts UTF-8 bytes from 0)."""
        line: int = getattr(node, "lineno", 1)
        offset: int = getattr(node, "col_offset", 0)
        line_text = self.body.splitlines()[line - 1].encode()
        column = len(line_text[:offset].decode(errors="replace")) + 1
        return line, column + (self.indent if line == 1 else 0)

    def _source(self, node: ast.AST) -> str:
        segment = ast.get_source_segment(self.body, node) or type(node).__name__
        segment = " ".join(segment.split())
        return segment if len(segment) <= 40 else segment[:37] + "..."

    def _error(self, node: ast.AST, message: str) -> ExpressionError:
        line, column = self._position(node)
        return ExpressionError(message, self.text, line, column)

    def _refuse(self, node: ast.AST, construct: str, hint: str = "") -> ExpressionError:
        line, column = self._position(node)
        message = f"{construct} ({self._source(node)}) is not allowed"
        return ExpressionError(message, self.text, line, column, hint)


def _constant_kind(value: object) -> str:
    """What a refused literal is called: 'string', 'boolean', 'complex number', ..."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, complex):
        return "complex number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bytes):
        return "bytes"
    if value is None:
        return "None"
    return f"constant of type {type(value).__name__}"
