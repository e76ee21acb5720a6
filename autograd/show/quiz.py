"""The replay page as a quiz: before a gradient is shown, the learner types it.

``steps(loss).to_html(path, quiz=True)``: at each frame the page asks for the gradient of
the node being processed (d output / d node). Until it is answered right, or revealed with
"show", that node's gradient stays hidden everywhere in the drawing. A right answer turns
the box green; a wrong one red, with a hint: the upstream gradients and the local
derivatives to multiply and add (the chain rule for that node, with the numbers).
Answers within 3 significant digits (a relative 5e-3) count as right, as ``check`` takes
numbers. Everything runs in the page: nothing is sent anywhere, and it works from file://.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.value import Value

if TYPE_CHECKING:
    from autograd.show.steps import Steps

#: Relative tolerance of a typed answer (3 significant digits), as ``check`` has for numbers.
QUIZ_RTOL = 5e-3


def quiz_questions(replay: Steps) -> list[dict[str, Any] | None]:
    """Per frame: the question (``name``), the engine's ``value``, the ``hint`` and the
    grad texts (``ids``) that stay hidden until it is answered; None for the output's frame,
    whose gradient is the seed."""
    n = replay.style.number
    out = replay.names.plain_operand(replay.output)
    gradient: dict[Value, float] = {}
    for frame in replay.frames:
        members = frame.nodes or (frame.node,)
        upstreams = frame.upstreams or (frame.upstream,)
        gradient.update(zip(members, upstreams))
    arriving: dict[Value, list[tuple[Value, float]]] = {}
    for frame in replay.frames:
        for e in frame.edges:
            arriving.setdefault(e.parent, []).append((e.child, e.local))
    questions: list[dict[str, Any] | None] = []
    for frame in replay.frames:
        node = frame.node
        if node is replay.output:
            questions.append(None)
            continue
        name = f"∂{out}/∂{replay.names.plain_operand(node)}"
        terms = [
            f"∂{out}/∂{replay.names.plain_operand(child)} × "
            f"∂{replay.names.plain_operand(child)}/∂{replay.names.plain_operand(node)} = "
            f"{n(gradient.get(child, 0.0))} × {n(local)}"
            for child, local in arriving.get(node, [])
        ]
        hint = (
            "multiply each upstream gradient by its local derivative, and add: " + " + ".join(terms)
            if terms
            else "the chain rule: upstream gradient × local derivative"
        )
        members = frame.nodes or (node,)
        ids = [i for v in members for i in replay.stage.grad_texts.get(v, [])]
        questions.append({"name": name, "value": frame.upstream, "hint": hint, "ids": ids})
    return questions


QUIZ_HTML = (
    '<div class="sg-quiz"><label><span class="sg-q-name"></span> = '
    '<input class="sg-q-input" type="text" inputmode="decimal" size="12" '
    'aria-label="your gradient"></label> '
    '<button class="sg-q-check" type="button">check</button> '
    '<button class="sg-q-show" type="button">show</button>'
    '<div class="sg-q-feedback"></div></div>'
)

QUIZ_CSS = """
.sg-quiz{margin:.3em 0;padding:.4em;border:1px solid #ccc;font-size:13px}
.sg-quiz input{font:inherit;padding:.1em .3em;border:2px solid #999}
.sg-quiz input.sg-right{border-color:#38761d;background:#d9ead3}
.sg-quiz input.sg-wrong{border-color:#cc0000;background:#f4cccc}
.sg-q-feedback{margin-top:.3em;white-space:pre-wrap}
.sg-q-feedback.sg-right{color:#274e13}.sg-q-feedback.sg-wrong{color:#990000}
"""

# Runs inside the player's closure (it uses show, frames, text, el and current).
QUIZ_SCRIPT = """
  var quiz=root.querySelector('.sg-quiz'), qName=quiz.querySelector('.sg-q-name');
  var qInput=quiz.querySelector('.sg-q-input'), qBack=quiz.querySelector('.sg-q-feedback');
  var answered={}, RTOL=%(rtol)s;
  function mark(ok){
    [qInput,qBack].forEach(function(e){e.classList.remove('sg-right','sg-wrong');
      if(ok!==null){e.classList.add(ok?'sg-right':'sg-wrong');}});
  }
  function masked(){
    var hide={};
    frames.forEach(function(f,i){
      if(f.q&&!answered[i]){f.q.ids.forEach(function(id){hide[id]=1;});}});
    data.grads.forEach(function(id){var e=el(id); if(e){
      e.style.visibility=hide[id]?'hidden':'';}});
  }
  function ask(){
    var f=frames[current], q=f.q;
    mark(null);
    if(!q){quiz.style.display='none'; masked(); return;}
    quiz.style.display=''; qName.textContent=q.name;
    if(answered[current]){qInput.value=answered[current]; qBack.textContent='';}
    else{qInput.value=''; qBack.textContent='';
      text.textContent='What is '+q.name+'? Type it and check it (or show it).';}
    masked();
  }
  function reveal(){
    answered[current]=qInput.value||'shown'; text.textContent=frames[current].t; masked();
  }
  quiz.querySelector('.sg-q-check').onclick=function(){
    var q=frames[current].q, got=parseFloat(qInput.value.replace('−','-'));
    if(!q){return;}
    var ok=isFinite(got)&&Math.abs(got-q.value)<=RTOL*Math.abs(q.value)+1e-12;
    mark(ok);
    qBack.textContent=ok?'right: '+q.name+' = '+q.value:
      (isFinite(got)?'not quite. Hint: ':'type a number. Hint: ')+q.hint;
    if(ok){reveal();}
  };
  qInput.addEventListener('keydown',function(e){
    if(e.key==='Enter'){quiz.querySelector('.sg-q-check').onclick(); e.preventDefault();}});
  quiz.querySelector('.sg-q-show').onclick=function(){
    var q=frames[current].q; if(!q){return;}
    qInput.value=String(q.value); mark(null);
    qBack.textContent='the engine: '+q.name+' = '+q.value;
    reveal();
  };
  onShow.push(ask);
"""
