"""The player page's styles and script (``autograd.show.player`` fills in the ids).

The script keeps the SVG and changes only classes and gradient texts: going
forward applies each frame's changes in turn; going back resets to the state
before frame 0 and applies frames 0..i. The camera sets the SVG's viewBox:

- it frames the current node with the nodes and edges the frame uses: as large as
  fits, at most 1.6x, and at least 11.5 px / (the current node's smallest font), so
  the node being read has text of at least 11 px on screen;
- when that box is too big for the window at that scale, it keeps the box's centre
  as far as the current node stays wholly inside;
- it glides there in 0.4 s (requestAnimationFrame; the player's ``data-glide``
  attribute sets the milliseconds, 0 jumps), and "whole graph" shows all;
- a drag pans and the wheel zooms, until the next step re-frames.
"""

from __future__ import annotations

CSS = """
.sg-player{font-family:Helvetica,Arial,sans-serif;display:flex;flex-direction:column;
  box-sizing:border-box;outline:none}
.sg-page{height:calc(100vh - 4.5em)}
.sg-body{margin:.5em 1em}.sg-body h1{font-size:1.2em;margin:.2em 0}
.sg-controls{display:flex;gap:.4em;align-items:center;margin:.2em 0;flex:none}
.sg-controls .sg-slider{flex:1;min-width:6em}
.sg-main{display:flex;flex:1;min-height:0;gap:.5em}
.sg-view{flex:1;min-width:0;position:relative;overflow:hidden;border:1px solid #ccc;
  cursor:grab;background:white}
.sg-view svg{position:absolute;left:0;top:0;width:100%;height:100%}
.sg-side{flex:none;width:min(24em,34%);overflow:auto}
.sg-text{white-space:pre-wrap;background:#f6f6f6;padding:.5em;margin:.3em 0;font-size:13px;
  line-height:1.35}
.sg-legend span{display:inline-block;padding:0 .4em;margin:0 .3em .2em 0;border:1px solid #999;
  font-size:12px}
.sg-contrib{visibility:hidden}
.sg-current .sg-contrib,.sg-late .sg-contrib{visibility:visible;font-weight:bold}
.node.sg-current polygon,.node.sg-current ellipse{fill:#ffd966;stroke:#b45f06;stroke-width:2.5}
.node.sg-done polygon,.node.sg-done ellipse{fill:#d9ead3}
.node.sg-final polygon,.node.sg-final ellipse{stroke:#38761d;stroke-width:2.5}
.node.sg-pending polygon,.node.sg-pending ellipse{fill:#fce5cd}
.node.sg-premature polygon,.node.sg-premature ellipse{stroke:#cc0000;stroke-width:3;
  stroke-dasharray:4 2}
.node.sg-wrong polygon,.node.sg-wrong ellipse{stroke:#cc0000;stroke-width:3.5}
.node.sg-wrong text{fill:#cc0000;font-weight:bold}
.edge.sg-current path{stroke:#e69138;stroke-width:3}
.edge.sg-current polygon{fill:#e69138;stroke:#e69138}
.edge.sg-current text{font-weight:bold}
.edge.sg-used path,.edge.sg-done path{stroke:#6aa84f}
.edge.sg-used polygon,.edge.sg-done polygon{fill:#6aa84f;stroke:#6aa84f}
.edge.sg-late path{stroke:#cc0000;stroke-width:3;stroke-dasharray:5 3}
.edge.sg-late polygon{fill:#cc0000;stroke:#cc0000}
"""

SCRIPT = """
(function(){
  var root=document.getElementById(%(id)s);
  var data=JSON.parse(root.querySelector('.sg-data').textContent), frames=data.frames;
  var view=root.querySelector('.sg-view'), svg=view.querySelector('svg');
  var text=root.querySelector('.sg-text'), slider=root.querySelector('.sg-slider');
  var counter=root.querySelector('.sg-counter'), play=root.querySelector('.sg-play');
  var speed=root.querySelector('.sg-speed'), whole=root.querySelector('.sg-whole');
  var useHash=%(hash)s, cache={}, base={}, current=-1, timer=null, follow=true, onShow=[];
  function el(id){
    if(!(id in cache)){
      cache[id]=svg.querySelector('[id="'+id+'"]');
      if(cache[id]){base[id]=(cache[id].getAttribute('class')||'').split(' ')[0];}
    }
    return cache[id];
  }
  function apply(f){
    f.c.forEach(function(c){var e=el(c[0]); if(e){
      var extra=c[1]?c[1].split(' ').map(function(s){return ' sg-'+s;}).join(''):'';
      e.setAttribute('class',base[c[0]]+extra);}});
    f.g.forEach(function(g){var e=el(g[0]); if(e){e.textContent=g[1];}});
  }
  function reset(){
    for(var id in base){if(cache[id]){cache[id].setAttribute('class',base[id]);}}
    data.grads.forEach(function(id){var e=el(id); if(e){e.textContent=data.blank;}});
  }
  var full=svg.viewBox.baseVal, all={x:full.x,y:full.y,w:full.width,h:full.height};
  var box={x:all.x,y:all.y,w:all.w,h:all.h}, anim=null;
  function size(){return {w:view.clientWidth||800,h:view.clientHeight||500};}
  function setBox(b){box=b; svg.setAttribute('viewBox',b.x+' '+b.y+' '+b.w+' '+b.h);}
  function glide(to){
    if(anim){cancelAnimationFrame(anim); anim=null;}
    var from=box, t0=null, span=parseFloat(root.getAttribute('data-glide')||'400');
    if(!(span>0)){setBox(to); return;}
    function step(t){
      if(t0===null){t0=t;}
      var u=Math.min(1,(t-t0)/span), e=u<.5?2*u*u:1-Math.pow(-2*u+2,2)/2;
      setBox({x:from.x+(to.x-from.x)*e,y:from.y+(to.y-from.y)*e,
              w:from.w+(to.w-from.w)*e,h:from.h+(to.h-from.h)*e});
      anim=u<1?requestAnimationFrame(step):null;
    }
    anim=requestAnimationFrame(step);
  }
  function rect(ids){
    // the elements' union box, in the SVG's user units
    var m=svg.getScreenCTM(); if(!m){return null;} m=m.inverse();
    var r=null, p=svg.createSVGPoint();
    ids.forEach(function(id){var e=el(id); if(!e){return;}
      var b=e.getBoundingClientRect(); if(!b.width&&!b.height){return;}
      [[b.left,b.top],[b.right,b.bottom]].forEach(function(q){
        p.x=q[0]; p.y=q[1]; var s=p.matrixTransform(m);
        if(!r){r={x0:s.x,y0:s.y,x1:s.x,y1:s.y};}
        r.x0=Math.min(r.x0,s.x); r.y0=Math.min(r.y0,s.y);
        r.x1=Math.max(r.x1,s.x); r.y1=Math.max(r.y1,s.y);});});
    return r;
  }
  function smallestFont(ids){
    var least=14;
    ids.forEach(function(id){var e=el(id); if(!e){return;}
      e.querySelectorAll('text').forEach(function(t){
        var f=parseFloat(t.getAttribute('font-size')); if(f&&f<least){least=f;}});});
    return least;
  }
  function frameCamera(f, instant){
    var all_=rect(f.f), main=rect([f.f[0]]); if(!all_||!main){return;}
    var v=size(), pad=24, lo=11.5/smallestFont([f.f[0]]), hi=Math.max(lo,1.6);
    var s=Math.min(v.w/(all_.x1-all_.x0+2*pad), v.h/(all_.y1-all_.y0+2*pad));
    s=Math.max(lo,Math.min(hi,s));
    var w=v.w/s, h=v.h/s, cx=(all_.x0+all_.x1)/2, cy=(all_.y0+all_.y1)/2;
    // keep the current node wholly inside, however big the rest is
    cx=Math.min(Math.max(cx,main.x1+pad/s-w/2),main.x0-pad/s+w/2);
    cy=Math.min(Math.max(cy,main.y1+pad/s-h/2),main.y0-pad/s+h/2);
    var to={x:cx-w/2,y:cy-h/2,w:w,h:h};
    if(instant){setBox(to);}else{glide(to);}
  }
  function wholeView(){
    var v=size(), s=Math.min(v.w/all.w,v.h/all.h), w=v.w/s, h=v.h/s;
    glide({x:all.x-(w-all.w)/2,y:all.y-(h-all.h)/2,w:w,h:h});
  }
  function show(i, instant){
    i=Math.max(0,Math.min(frames.length-1,i));
    if(i===current){return;}
    if(i<current){reset(); for(var k=0;k<=i;k++){apply(frames[k]);}}
    else{for(var k2=current+1;k2<=i;k2++){apply(frames[k2]);}}
    current=i; slider.value=i;
    counter.textContent=(i+1)+' / '+frames.length;
    text.textContent=frames[i].t;
    root.setAttribute('data-focus',frames[i].f[0]);
    if(follow){frameCamera(frames[i], instant);}
    if(useHash){try{history.replaceState(null,'','#step='+(i+1));}catch(e){}}
    onShow.forEach(function(h){h();});
  }
  function stop(){if(timer){clearInterval(timer); timer=null; play.textContent='▶ play';}}
  function toggle(){
    if(timer){stop(); return;}
    if(current>=frames.length-1){show(0);}
    play.textContent='❚❚ pause';
    timer=setInterval(function(){if(current>=frames.length-1){stop();}else{show(current+1);}},
                      1600/parseFloat(speed.value));
  }
  play.onclick=toggle;
  speed.onchange=function(){if(timer){stop(); toggle();}};
  root.querySelector('.sg-prev').onclick=function(){stop(); show(current-1);};
  root.querySelector('.sg-next').onclick=function(){stop(); show(current+1);};
  slider.oninput=function(){show(parseInt(slider.value,10));};
  whole.onclick=function(){
    follow=!follow; whole.textContent=follow?'whole graph':'follow the step';
    if(follow){frameCamera(frames[current]);}else{wholeView();}
  };
  %(keys)s.addEventListener('keydown',function(e){
    // a focused slider or menu handles its own keys; a focused button its space
    var k=e.key, tag=e.target&&e.target.tagName;
    if(tag==='SELECT'||tag==='INPUT'||(tag==='BUTTON'&&k===' ')){return;}
    if(k==='ArrowLeft'){stop(); show(current-1);}
    else if(k==='ArrowRight'){stop(); show(current+1);}
    else if(k==='Home'){show(0);} else if(k==='End'){show(frames.length-1);}
    else if(k===' '){toggle();} else {return;}
    e.preventDefault();
  });
  var drag=null;
  view.addEventListener('pointerdown',function(e){drag={x:e.clientX,y:e.clientY,b:box};
    view.setPointerCapture(e.pointerId);});
  view.addEventListener('pointermove',function(e){if(!drag){return;}
    var s=size().w/box.w;
    setBox({x:drag.b.x-(e.clientX-drag.x)/s,y:drag.b.y-(e.clientY-drag.y)/s,w:box.w,h:box.h});});
  view.addEventListener('pointerup',function(){drag=null;});
  view.addEventListener('wheel',function(e){
    e.preventDefault();
    var r=view.getBoundingClientRect(), f=Math.exp(e.deltaY*0.0015);
    var px=box.x+(e.clientX-r.left)/r.width*box.w, py=box.y+(e.clientY-r.top)/r.height*box.h;
    setBox({x:px-(px-box.x)*f,y:py-(py-box.y)*f,w:box.w*f,h:box.h*f});
  },{passive:false});
  var asked=useHash?/step=(\\d+)/.exec(location.hash):null;
  var start=asked?parseInt(asked[1],10)-1:0;
%(quiz)s
  reset(); current=-1;
  show(start, true);
  if(!frames.length){return;}
  window.addEventListener('resize',function(){if(follow){frameCamera(frames[current],true);}});
})();
"""
