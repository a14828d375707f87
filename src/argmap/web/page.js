/* argmap's interactive map. Every string from the store reaches the page as text
   (textContent, text nodes, attribute values, canvas labels), never as HTML. */
(function () {
  'use strict';

  const DATA = JSON.parse(document.getElementById('argmap-data').textContent);
  const NONE = '_none';  // no store key can start with "_"
  const CATEGORIES = [['agreements', 'Agreements'], ['conflicts', 'Conflicts'],
    ['dependencies', 'Dependencies']];
  const SVG = 'http://www.w3.org/2000/svg';

  // ---- indexes ---------------------------------------------------------------
  const claims = new Map(DATA.claims.map((c) => [c.id, c]));
  const order = new Map(DATA.claims.map((c, i) => [c.id, i]));
  const papers = new Map(DATA.papers.map((p) => [p.key, p]));
  const actorNames = new Map(DATA.actors.map((a) => [a.key, a.name]));
  const topicNames = new Map(DATA.topics.map((t) => [t.key, t.name]));
  const typeRank = new Map(Object.keys(DATA.wording).map((t, i) => [t, i]));
  const claimsByPaper = new Map(DATA.papers.map((p) => [p.key, []]));
  for (const c of DATA.claims) claimsByPaper.get(c.paper).push(c);
  const relationsOf = new Map();
  const relationsByPaper = new Map(DATA.papers.map((p) => [p.key, []]));
  DATA.relations.forEach((r, i) => {
    r.index = i;
    for (const end of [r.from, r.to]) {
      if (!relationsOf.has(end)) relationsOf.set(end, []);
      relationsOf.get(end).push(r);
    }
    const a = claims.get(r.from).paper, b = claims.get(r.to).paper;
    relationsByPaper.get(a).push(r);
    if (b !== a) relationsByPaper.get(b).push(r);
  });

  function byName(items) {  // shown by name, so listed by name
    return items.slice().sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.key < b.key ? -1 : 1))
      .map((x) => x.key);
  }
  const GROUPS = {
    papers: DATA.papers.map((p) => p.key),
    types: DATA.types.map((t) => t.key),
    kinds: DATA.kinds.map((k) => k.key),
    actors: byName(DATA.actors).concat(DATA.no_actor ? [NONE] : []),
    topics: byName(DATA.topics).concat(DATA.no_topic ? [NONE] : []),
  };
  const defaults = {};
  for (const g of Object.keys(GROUPS)) defaults[g] = new Set(GROUPS[g]);
  if (DATA.large) defaults.papers = new Set(GROUPS.papers.slice(0, 1));

  const state = { view: 'overview', claim: null, q: '', left: null, right: null, on: {} };
  for (const g of Object.keys(GROUPS)) state.on[g] = new Set(defaults[g]);
  let visible = new Set();

  // ---- small DOM helpers -------------------------------------------------------
  const $ = (sel) => document.querySelector(sel);
  function h(tag, attrs, children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function s(tag, attrs, children) {
    const node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  function append(node, children) {
    for (const c of [].concat(children === undefined ? [] : children)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
  }
  const plural = (n, one, many) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

  // ---- the URL hash: #claim=ID&view=map&q=words&papers=a,b&left=a&right=b ----------
  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const view = params.get('view');
    state.claim = claims.has(params.get('claim')) ? params.get('claim') : null;
    state.view = ['overview', 'map', 'compare'].includes(view) ? view : (state.claim ? 'map' : 'overview');
    state.q = params.get('q') || '';
    state.left = papers.has(params.get('left')) ? params.get('left') : null;
    state.right = papers.has(params.get('right')) ? params.get('right') : null;
    for (const g of Object.keys(GROUPS)) {
      state.on[g] = params.has(g)
        ? new Set(params.get(g).split(',').filter((v) => GROUPS[g].includes(v)))
        : new Set(defaults[g]);
    }
  }
  const enc = (v) => encodeURIComponent(v).replace(/%2C/g, ',');
  function hashOf() {
    const parts = [];
    if (state.view !== 'overview' && !(state.view === 'map' && state.claim)) parts.push(`view=${state.view}`);
    if (state.claim) parts.push(`claim=${enc(state.claim)}`);
    if (state.q) parts.push(`q=${enc(state.q)}`);
    if (state.view === 'compare' && state.left && state.right) {
      parts.push(`left=${enc(state.left)}`, `right=${enc(state.right)}`);
    }
    for (const g of Object.keys(GROUPS)) {
      const on = state.on[g], def = defaults[g];
      const same = on.size === def.size && [...on].every((v) => def.has(v));
      if (!same) parts.push(`${g}=${GROUPS[g].filter((v) => on.has(v)).map(enc).join(',')}`);
    }
    return parts.length ? '#' + parts.join('&') : '';
  }
  function writeHash(push) {
    const hash = hashOf();
    if (hash === location.hash || (!hash && !location.hash)) return;
    const url = location.href.split('#')[0] + hash;
    try {
      history[push ? 'pushState' : 'replaceState'](null, '', url);
    } catch (e) {  // some browsers refuse the history API on file:// pages
      if (push) location.hash = hash; else location.replace(hash || '#');
    }
  }

  // ---- filters ---------------------------------------------------------------
  function claimVisible(c) {
    const on = state.on;
    if (!on.papers.has(c.paper) || !on.kinds.has(c.kind) || !on.actors.has(c.actor || NONE)) return false;
    return c.topics.length ? c.topics.some((t) => on.topics.has(t)) : on.topics.has(NONE);
  }

  function relSample(type) {
    const look = DATA.looks[type];
    const shapes = {
      triangle: 'M30,1 L38,5 L30,9 Z', tee: 'M37,0 L37,10', circle: 'M31,5 a3.5,3.5 0 1,0 7,0 a3.5,3.5 0 1,0 -7,0',
      vee: 'M30,1 L38,5 L30,9 L32,5 Z', chevron: 'M31,1 L37,5 L31,9', diamond: 'M30,5 L34,1 L38,5 L34,9 Z',
      square: 'M31,1 L38,1 L38,9 L31,9 Z', none: '',
    };
    const dash = look.dash.length ? look.dash.join(' ') : null;
    const head = shapes[look.target_arrow] || '';
    const filled = !['tee', 'chevron'].includes(look.target_arrow);
    const tail = look.source_arrow === 'none' ? '' : (shapes[look.source_arrow] || '');
    return s('svg', { class: 'relsample', width: 40, height: 10, viewBox: '0 0 40 10', 'aria-hidden': 'true' }, [
      s('line', { x1: tail ? 9 : 2, y1: 5, x2: 31, y2: 5, stroke: look.colour, 'stroke-width': Math.min(look.width, 3),
        'stroke-dasharray': dash, 'stroke-linecap': look.dash.length === 2 && look.dash[0] === 1 ? 'round' : null }),
      head ? s('path', { d: head, stroke: look.colour, 'stroke-width': 1.5, fill: filled ? look.colour : 'none' }) : null,
      tail ? s('path', { d: tail, stroke: look.colour, 'stroke-width': 1.5, transform: 'translate(40,0) scale(-1,1)',
        fill: filled ? look.colour : 'none' }) : null,
    ]);
  }
  function swatch(paper) {
    const el = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    el.style.background = paper.fill;
    el.style.borderColor = paper.colour;
    el.style.borderStyle = paper.border;
    return el;
  }

  function buildFilters() {
    const root = $('#filters');
    const count = (group, value) => {
      if (group === 'papers') return papers.get(value).claims;
      if (group === 'types') return DATA.types.find((t) => t.key === value).relations;
      if (group === 'kinds') return DATA.kinds.find((k) => k.key === value).claims;
      if (value === NONE) return DATA[group === 'actors' ? 'no_actor' : 'no_topic'];
      return DATA[group].find((x) => x.key === value).claims;
    };
    const label = (group, value) => {
      if (value === NONE) return group === 'actors' ? '(no actor)' : '(no topic)';
      if (group === 'actors') return actorNames.get(value);
      if (group === 'topics') return topicNames.get(value);
      return value;
    };
    const groups = [['papers', 'Papers'], ['types', 'Relations'], ['kinds', 'Kinds'], ['actors', 'Actors'],
      ['topics', 'Topics']];
    for (const [group, title] of groups) {
      const items = GROUPS[group].map((value) => {
        const box = h('input', { type: 'checkbox', 'data-group': group, value: value,
          onchange: (e) => setFilter(group, value, e.target.checked) });
        const extra = group === 'papers' ? swatch(papers.get(value)) : group === 'types' ? relSample(value) : null;
        const tip = group === 'papers' ? papers.get(value).title : null;
        return h('label', { title: tip }, [box, extra, h('span', null, label(group, value)),
          h('span', { class: 'count' }, String(count(group, value)))]);
      });
      const setAll = (on) => () => {
        state.on[group] = new Set(on ? GROUPS[group] : []);
        syncFilterInputs(); applyFilters(); writeHash(false);
      };
      root.append(h('fieldset', { 'data-group': group }, [
        h('legend', null, [h('span', null, title),
          h('button', { type: 'button', class: 'all', onclick: setAll(true), 'aria-label': `all ${title.toLowerCase()}` }, 'all'),
          h('button', { type: 'button', onclick: setAll(false), 'aria-label': `no ${title.toLowerCase()}` }, 'none')]),
        h('div', { class: GROUPS[group].length > 12 ? 'scroll' : null }, items),
      ]));
    }
  }
  function syncFilterInputs() {
    for (const box of document.querySelectorAll('#filters input[type=checkbox]')) {
      box.checked = state.on[box.dataset.group].has(box.value);
    }
  }
  function setFilter(group, value, on) {
    if (on) state.on[group].add(value); else state.on[group].delete(value);
    applyFilters(group === 'papers');
    writeHash(false);
  }

  function applyFilters(refit) {
    visible = new Set(DATA.claims.filter(claimVisible).map((c) => c.id));
    syncMap(refit);
    runSearch();
    $('#summary').textContent = `${visible.size.toLocaleString('en')} of ${plural(DATA.claims.length, 'claim', 'claims')} shown · `
      + `${plural(DATA.relations.length, 'relation', 'relations')} · ${plural(DATA.papers.length, 'paper', 'papers')}`;
    if (state.claim) renderPanel();
  }

  // ---- the map (cytoscape.js, positions computed by argmap) ------------------------
  let cy = null;
  const loaded = new Set();
  const addedEdges = new Set();

  function cyStyle() {
    const style = [
      { selector: 'node.claim', style: {
        shape: 'round-rectangle', width: DATA.node_width, height: 'data(h)', 'border-width': 2,
        label: 'data(label)', 'text-wrap': 'wrap', 'text-max-width': 4000, 'font-size': 11,
        'text-valign': 'center', 'text-halign': 'center', color: '#111', 'min-zoomed-font-size': 5 } },
      { selector: 'node.paper', style: {
        shape: 'round-rectangle', 'background-opacity': 0.18, 'border-width': 4, padding: 36,
        label: 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'text-wrap': 'wrap',
        'text-max-width': 'data(tw)', 'font-size': 48, 'font-weight': 'bold', 'text-margin-y': -10,
        'min-zoomed-font-size': 3, color: '#222' } },
      { selector: 'node.paper.close', style: { 'font-size': 16, 'text-margin-y': -4 } },
      { selector: 'edge', style: { 'curve-style': 'bezier', 'arrow-scale': 1.2, 'line-cap': 'butt' } },
    ];
    // one class per paper and per relation type (matched faster than data mappers)
    for (const p of DATA.papers) {
      style.push({ selector: `node.claim.p-${p.key}`, style: {
        'background-color': p.fill, 'border-color': p.colour, 'border-style': p.border } });
      style.push({ selector: `node.paper.p-${p.key}`, style: {
        'background-color': p.colour, 'border-color': p.colour, 'border-style': p.border } });
    }
    for (const [type, look] of Object.entries(DATA.looks)) {
      const dotted = look.dash.length === 2 && look.dash[0] === 1;
      style.push({ selector: `edge.t-${type}`, style: {
        'line-color': look.colour, 'target-arrow-color': look.colour, 'source-arrow-color': look.colour,
        width: look.width, 'line-style': look.dash.length ? 'dashed' : 'solid',
        'line-dash-pattern': look.dash.length ? look.dash : [6, 3], 'line-cap': dotted ? 'round' : 'butt',
        'target-arrow-shape': look.target_arrow, 'source-arrow-shape': look.source_arrow,
        'target-arrow-fill': ['tee', 'chevron'].includes(look.target_arrow) ? 'hollow' : 'filled' } });
    }
    style.push(
      { selector: 'edge.cross', style: { opacity: 0.6 } },
      { selector: '.hidden', style: { display: 'none' } },
      { selector: 'node.claim.unmatched', style: { opacity: 0.3 } },
      { selector: 'node.claim.match', style: { 'outline-width': 6, 'outline-color': '#000', 'outline-offset': 3, opacity: 1 } },
      { selector: '.faded', style: { opacity: 0.12 } },
      { selector: 'edge.near', style: { opacity: 1, 'z-index': 10 } },
      { selector: 'node.claim.focus', style: { 'border-width': 5, 'border-color': '#000', 'border-style': 'solid',
        'outline-width': 6, 'outline-color': '#F0E442', 'outline-offset': 2, opacity: 1, 'z-index': 10 } },
    );
    return style;
  }

  function ensureMap() {
    if (cy) return;
    const big = DATA.claims.length > 1500;
    cy = cytoscape({
      container: $('#cy'), style: cyStyle(), layout: { name: 'preset' }, minZoom: 0.02, maxZoom: 4,
      autoungrabify: true, autounselectify: true, boxSelectionEnabled: false,
      textureOnViewport: big, hideEdgesOnViewport: big,
    });
    cy.on('tap', 'node.claim', (e) => openClaim(e.target.id(), { center: false }));
    // a paper's name is large to be read from afar, and small once its claims can be read
    cy.on('zoom', () => { cy.nodes('.paper').toggleClass('close', cy.zoom() > 0.4); });
    syncMap(true);
    if (state.claim) highlight(state.claim, true);
    performance.mark('argmap-map-built');
  }

  function loadPaper(key) {
    if (loaded.has(key)) return;
    loaded.add(key);
    const p = papers.get(key);
    const els = [{ group: 'nodes', classes: `paper p-${key}`, data: { id: 'paper:' + key,
      label: `${key}: ${p.title}`, tw: Math.max(p.block[2], 600) } }];
    for (const c of claimsByPaper.get(key)) {
      els.push({ group: 'nodes', classes: `claim p-${key}`, position: { x: c.x, y: c.y }, data: {
        id: c.id, parent: 'paper:' + key, label: c.label, h: c.h } });
    }
    for (const r of relationsByPaper.get(key)) {
      if (addedEdges.has(r.index)) continue;
      const a = claims.get(r.from).paper, b = claims.get(r.to).paper;
      if (!loaded.has(a) || !loaded.has(b)) continue;
      addedEdges.add(r.index);
      els.push({ group: 'edges', classes: `t-${r.type} ${a === b ? 'within' : 'cross'}`,
        data: { id: 'r' + r.index, source: r.from, target: r.to, type: r.type } });
    }
    cy.add(els);
  }

  function syncMap(refit) {
    if (!cy) return;
    cy.batch(() => {
      for (const key of GROUPS.papers) if (state.on.papers.has(key)) loadPaper(key);
      cy.nodes('.claim').forEach((n) => { n.toggleClass('hidden', !visible.has(n.id())); });
      cy.nodes('.paper').forEach((n) => {
        const key = n.id().slice(6);
        n.toggleClass('hidden', !state.on.papers.has(key) || !claimsByPaper.get(key).some((c) => visible.has(c.id)));
      });
      cy.edges().forEach((e) => { e.toggleClass('hidden', !state.on.types.has(e.data('type'))); });
    });
    noteMap();
    if (refit) fit();
  }
  let unfitted = false;  // drawn while hidden: fit when first shown
  function fit() {
    if (!cy) return;
    if ($('#view-map').hidden) { unfitted = true; return; }
    unfitted = false;
    const shown = cy.elements().not('.hidden');
    cy.fit(shown.length ? shown : undefined, 30);
  }
  function noteMap() {
    const hidden = DATA.claims.length - visible.size;
    const parts = [];
    if (DATA.large) {
      parts.push(`This map has ${plural(DATA.claims.length, 'claim', 'claims')}: it opens one paper at a time. `
        + 'Tick more papers to add them.');
    }
    parts.push('Scroll to zoom, drag to pan, click a claim to open it.');
    if (hidden) parts.push(`${plural(hidden, 'claim is', 'claims are')} hidden by the filters.`);
    $('#map-note').textContent = parts.join(' ');
  }

  function highlight(id, center) {
    if (!cy) return;
    cy.batch(() => {
      cy.elements().removeClass('faded focus near');
      if (!id) return;
      const node = cy.getElementById(id);
      if (node.empty() || node.hasClass('hidden')) return;
      const hood = node.closedNeighborhood();
      cy.elements().not(hood).not('.paper').addClass('faded');
      hood.edges().addClass('near');
      node.addClass('focus');
    });
    const node = id ? cy.getElementById(id) : null;
    if (center && node && node.nonempty() && !node.hasClass('hidden') && !$('#view-map').hidden) {
      // the claim and its neighbours if they fit at a readable zoom, else the claim alone
      const hood = node.closedNeighborhood().nodes().not('.hidden');
      const box = hood.boundingBox();
      const fits = Math.min(cy.width() / (box.w + 80), cy.height() / (box.h + 80));
      const level = fits >= 0.6 ? Math.min(fits, 1.3) : Math.max(cy.zoom(), 1.1);
      const at = fits >= 0.6 ? { x: box.x1 + box.w / 2, y: box.y1 + box.h / 2 } : node.position();
      cy.stop();
      cy.animate({ zoom: level, pan: { x: cy.width() / 2 - level * at.x, y: cy.height() / 2 - level * at.y } },
        { duration: 250 });
    }
  }

  // ---- the claim panel --------------------------------------------------------------
  function claimButton(id, extra) {
    const c = claims.get(id);
    const p = papers.get(c.paper);
    const btn = h('button', { type: 'button', class: 'claim-link', 'data-id': id,
      onclick: () => openClaim(id, { center: true }) }, [extra || c.text, h('span', { class: 'cid' }, id)]);
    btn.style.borderLeftColor = p.colour;
    btn.style.borderLeftStyle = p.border;
    return btn;
  }

  function citation(c) {
    const p = papers.get(c.paper);
    const authors = p.authors.map((a) => a.affiliation ? `${a.name} (${a.affiliation})` : a.name).join('; ');
    const parts = [authors + '.', ` ${p.date}. `, h('cite', null, p.title), '.'];
    if (p.publisher) parts.push(` ${p.publisher}.`);
    if (c.section) parts.push(` Section: ${c.section}.`);
    return parts;
  }

  function renderPanel() {
    const panel = $('#claim');
    const c = claims.get(state.claim);
    panel.replaceChildren();
    if (!c) { updateAside(); return; }
    const p = papers.get(c.paper);
    const rels = (relationsOf.get(c.id) || []).map((r) => {
      const out = r.from === c.id;
      return { r, out, other: out ? r.to : r.from };
    }).sort((a, b) => (a.out === b.out ? 0 : a.out ? -1 : 1)
      || typeRank.get(a.r.type) - typeRank.get(b.r.type) || order.get(a.other) - order.get(b.other));
    const note = visible.has(c.id) ? null : h('p', { class: 'note' }, [
      'The filters hide this claim on the map. ',
      h('button', { type: 'button', onclick: showEverything }, 'Show all claims')]);
    const kind = c.valence ? `${c.kind} (${c.valence})` : c.kind;
    const topics = c.topics.map((t) => topicNames.get(t)).join(', ');
    const list = h('ul', null, rels.map(({ r, out, other }) => h('li', { 'data-type': r.type, 'data-other': other }, [
      h('span', { class: 'reading' }, [relSample(r.type), DATA.wording[r.type][out ? 0 : 1]]),
      claimButton(other),
      r.rationale ? h('p', { class: 'why' }, r.rationale) : null,
    ])));
    append(panel, [
      h('button', { type: 'button', class: 'close', onclick: () => closeClaim(), 'aria-label': 'close the claim' }, '×'),
      h('div', { class: 'cid' }, c.id),
      h('h2', null, c.text),
      h('blockquote', { class: 'quote' }, c.quote),
      h('p', { class: 'citation' }, citation(c)),
      h('dl', null, [
        h('dt', null, 'paper'), h('dd', null, [swatch(p), ' ', p.key]),
        h('dt', null, 'kind'), h('dd', null, kind),
        c.actor ? h('dt', null, 'actor') : null, c.actor ? h('dd', null, `${actorNames.get(c.actor)} (${c.actor})`) : null,
        topics ? h('dt', null, 'topics') : null, topics ? h('dd', null, topics) : null,
      ]),
      note,
      h('div', { class: 'tools' }, [state.view !== 'map'
        ? h('button', { type: 'button', onclick: () => { showView('map'); highlight(c.id, true); writeHash(true); } }, 'Show on the map')
        : null]),
      h('h3', null, rels.length ? `Relations (${rels.length})` : 'No relations'),
      list,
    ]);
    updateAside();
  }

  function openClaim(id, opts) {
    const options = Object.assign({ center: true, push: true }, opts || {});
    const c = claims.get(id);
    if (!c) return;
    state.claim = id;
    if (!state.on.papers.has(c.paper)) {  // bring its paper onto the map
      state.on.papers.add(c.paper);
      syncFilterInputs();
      applyFilters(false);
    }
    renderPanel();
    highlight(id, options.center);
    writeHash(options.push);
  }
  function closeClaim() {
    state.claim = null;
    renderPanel();
    highlight(null, false);
    writeHash(true);
  }
  function showEverything() {
    for (const g of Object.keys(GROUPS)) state.on[g] = new Set(GROUPS[g]);
    syncFilterInputs();
    applyFilters(true);
    if (state.claim) highlight(state.claim, true);
    writeHash(false);
  }
  function updateAside() {
    $('#panel').hidden = !$('#claim').hasChildNodes() && !$('#results').hasChildNodes();
    if (cy) cy.resize();
  }

  // ---- search --------------------------------------------------------------------
  function marked(text, words) {
    const low = text.toLowerCase();
    if (low.length !== text.length) return document.createTextNode(text);  // cases of unequal length
    const spans = [];
    for (const w of words) {
      let at = low.indexOf(w);
      while (at >= 0) { spans.push([at, at + w.length]); at = low.indexOf(w, at + w.length); }
    }
    spans.sort((a, b) => a[0] - b[0]);
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const [a, b] of spans) {
      if (a < pos) continue;
      frag.append(document.createTextNode(text.slice(pos, a)), h('mark', null, text.slice(a, b)));
      pos = b;
    }
    frag.append(document.createTextNode(text.slice(pos)));
    return frag;
  }

  const LIMIT = 200;
  function runSearch() {
    const root = $('#results');
    root.replaceChildren();
    const words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    let hits = [];
    let hiddenHits = 0;
    if (words.length) {
      for (const c of DATA.claims) {
        if (c.hay === undefined) c.hay = `${c.text}\n${c.quote}\n${c.id}`.toLowerCase();
        if (!words.every((w) => c.hay.includes(w))) continue;
        if (visible.has(c.id)) hits.push(c); else hiddenHits += 1;
      }
      const items = hits.slice(0, LIMIT).map((c) => {
        const inText = words.some((w) => c.text.toLowerCase().includes(w));
        const inQuote = words.some((w) => c.quote.toLowerCase().includes(w));
        const body = h('span', null, [marked(c.text, words),
          inQuote && !inText ? h('span', { class: 'why' }, ['“', marked(c.quote, words), '”']) : null]);
        return h('li', null, claimButton(c.id, body));
      });
      root.append(
        h('h2', null, `${plural(hits.length, 'claim matches', 'claims match')} “${state.q.trim()}”`),
        h('ol', null, items),
        hits.length > LIMIT ? h('p', { class: 'more' }, `and ${hits.length - LIMIT} more: narrow the search.`) : null,
        hiddenHits ? h('p', { class: 'more' }, `${plural(hiddenHits, 'more match is', 'more matches are')} hidden by the filters.`) : null,
      );
    }
    if (cy) {
      const found = new Set(hits.map((c) => c.id));
      cy.batch(() => {
        cy.nodes('.claim').forEach((n) => {
          n.toggleClass('match', found.has(n.id()));
          n.toggleClass('unmatched', words.length > 0 && !found.has(n.id()));
        });
      });
    }
    updateAside();
  }

  // ---- the overview (its layout is computed by argmap, as for `render --overview`) ------
  function renderOverview() {
    const root = $('#view-overview');
    const g = DATA.overview;
    const total = DATA.overview.arcs.reduce((n, a) => n + a.agreements + a.conflicts + a.dependencies, 0);
    root.replaceChildren(h('p', null, `${plural(DATA.papers.length, 'paper', 'papers')}, `
      + `${plural(DATA.claims.length, 'claim', 'claims')}, ${plural(total, 'relation', 'relations')} between papers. `
      + 'Click a paper to open its claims on the map, or the counts on an arc to compare two papers.'));
    const svg = s('svg', { id: 'overview-svg', viewBox: `0 0 ${g.width} ${g.height}`, role: 'img',
      'aria-label': 'The papers by date, sized by claims, and the relations between each pair' });
    for (const arc of g.arcs) {
      const [p0, p1, p2, p3] = arc.points;
      svg.append(s('path', { d: `M${p0[0]},${p0[1]} C${p1[0]},${p1[1]} ${p2[0]},${p2[1]} ${p3[0]},${p3[1]}`,
        fill: 'none', stroke: '#666', 'stroke-width': arc.width }));
    }
    for (const node of g.nodes) {
      const dash = node.border === 'dashed' ? '8 4' : node.border === 'double' ? '12 3 2 3' : null;
      const group = s('g', { class: 'paper', tabindex: 0, role: 'button', 'data-paper': node.key,
        'aria-label': `open ${node.key} on the map`, onclick: () => goPaper(node.key),
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); goPaper(node.key); } } }, [
        s('title', null, papers.get(node.key).title),
        s('rect', { x: node.x - 100, y: node.y - node.r, width: 200, height: node.text_y - node.y + node.r
          + node.lines.length * 14 + 6, fill: 'transparent' }),  // the whole paper answers a click
        s('circle', { cx: node.x, cy: node.y, r: node.r, fill: node.fill, stroke: node.colour, 'stroke-width': 3,
          'stroke-dasharray': dash }),
      ]);
      node.lines.forEach((line, i) => {
        group.append(s('text', { x: node.x, y: node.text_y + 12 + i * 14, 'text-anchor': 'middle',
          'font-size': i === 0 ? 13 : 11, 'font-weight': i === 0 ? 'bold' : null }, line));
      });
      svg.append(group);
    }
    for (const arc of g.arcs) {
      const width = Math.max(...arc.lines.map((l) => l.length)) * 6.2 + 10;
      const height = arc.lines.length * 13 + 6;
      const [x, y] = arc.label;
      const open = () => { state.left = arc.left; state.right = arc.right; showView('compare'); writeHash(true); };
      const group = s('g', { class: 'arc-label', tabindex: 0, role: 'button', 'data-left': arc.left,
        'data-right': arc.right, 'aria-label': `compare ${arc.left} and ${arc.right}`, onclick: open,
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } } }, [
        s('rect', { x: x - width / 2, y: y - height / 2, width: width, height: height, rx: 4, fill: '#fff',
          stroke: '#bbb' }),
      ]);
      arc.lines.forEach((line, i) => {
        group.append(s('text', { x: x, y: y - height / 2 + 14 + i * 13, 'text-anchor': 'middle', 'font-size': 11 }, line));
      });
      svg.append(group);
    }
    g.legend.lines.forEach((line, i) => {
      const text = s('text', { x: g.legend.x, y: g.legend.y + 12 + i * 15, 'font-size': 11, fill: '#333' }, line);
      text.style.whiteSpace = 'pre';
      svg.append(text);
    });
    root.append(svg);
  }

  function goPaper(key) {
    if (!state.on.papers.has(key)) {
      state.on.papers.add(key);
      syncFilterInputs();
      applyFilters(false);
    }
    showView('map');
    const node = cy.getElementById('paper:' + key);
    if (node.nonempty()) cy.fit(node, 30);
    writeHash(true);
  }

  // ---- compare (the data is argmap's own `compare`, computed at export time) ----------
  function renderCompare() {
    const root = $('#view-compare');
    root.replaceChildren();
    if (DATA.papers.length < 2) {
      root.append(h('p', null, `Compare needs two papers, and this page has ${plural(DATA.papers.length, 'paper', 'papers')}.`));
      return;
    }
    const keys = GROUPS.papers;
    if (!state.left) state.left = keys[0];
    if (!state.right || state.right === state.left) state.right = keys.find((k) => k !== state.left);
    const select = (side) => h('select', { id: `compare-${side}`, 'aria-label': `${side} paper`,
      onchange: (e) => { state[side] = e.target.value; renderCompare(); writeHash(false); } },
    keys.map((k) => h('option', { value: k, selected: state[side] === k }, `${k}: ${papers.get(k).title}`)));
    root.append(h('div', { class: 'pick' }, ['Compare ', select('left'), ' with ', select('right')]));
    if (state.left === state.right) {
      root.append(h('p', null, 'Pick two different papers.'));
      return;
    }
    const data = DATA.compare[`${state.left}|${state.right}`];
    root.append(h('p', { class: 'why' }, `As \`argmap compare ${state.left} ${state.right}\` gives them`
      + (DATA.filtered ? ', among the claims this page was exported with.' : '.')));
    for (const [cat, title] of CATEGORIES) {
      const entries = data[cat];
      root.append(h('section', { 'data-category': cat }, [
        h('h3', null, `${title} (${entries.length})`),
        entries.length ? h('ol', null, entries.map((e) => {
          const reading = DATA.wording[e.type][e.from === e.left ? 0 : 1];
          return h('li', { class: 'pair', 'data-left': e.left, 'data-right': e.right, 'data-type': e.type }, [
            h('div', { class: 'sides' }, [claimButton(e.left), h('span', { class: 'rel' }, [relSample(e.type), ' ', reading]),
              claimButton(e.right)]),
            e.rationale ? h('p', { class: 'why' }, e.rationale) : null,
          ]);
        })) : h('p', { class: 'why' }, 'None.'),
      ]));
    }
  }

  // ---- views --------------------------------------------------------------------------
  function showView(view) {
    state.view = view;
    for (const name of ['overview', 'map', 'compare']) {
      $(`#view-${name}`).hidden = name !== view;
      $(`#tab-${name}`).setAttribute('aria-selected', String(name === view));
    }
    if (view === 'map') {
      ensureMap();
      cy.resize();
      if (unfitted) {
        fit();
        if (state.claim) highlight(state.claim, true);
      }
    }
    if (view === 'compare') renderCompare();
    if (state.claim) renderPanel();
  }

  function applyHash() {
    readHash();
    syncFilterInputs();
    $('#search').value = state.q;
    applyFilters(false);
    showView(state.view);
    if (cy) { syncMap(true); highlight(state.claim, Boolean(state.claim)); }
    renderPanel();
  }

  // ---- start ------------------------------------------------------------------------
  $('#panel').append(h('div', { id: 'results' }), h('div', { id: 'claim' }));
  buildFilters();
  renderOverview();
  for (const tab of document.querySelectorAll('nav[role=tablist] button')) {
    tab.addEventListener('click', () => { showView(tab.dataset.view); writeHash(true); });
  }
  let typing = null;
  $('#search').addEventListener('input', (e) => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.q = e.target.value; runSearch(); writeHash(false); }, 120);
  });
  $('#fit').addEventListener('click', fit);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.claim && document.activeElement !== $('#search')) closeClaim();
  });
  window.addEventListener('hashchange', applyHash);
  window.addEventListener('popstate', applyHash);
  applyHash();
  // build the map while the overview is read, so that the Map tab opens at once
  requestAnimationFrame(() => setTimeout(() => { if (!cy) ensureMap(); }, 0));

  // a small handle for scripts and tests: the map and the visible claims
  window.argmap = Object.freeze({
    map: () => { ensureMap(); return cy; },
    visibleClaims: () => [...visible],
    state: () => JSON.parse(JSON.stringify({ view: state.view, claim: state.claim, q: state.q })),
  });
}());
