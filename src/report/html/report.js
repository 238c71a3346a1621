// tollgate report: table sorting, chart tooltips and the case explorer.
// Every value from the run is written with textContent, never parsed as HTML.
(() => {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const byId = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };
  const data = JSON.parse(byId('tollgate-data').textContent);

  // ---- candidate table: click a header to sort, again to reverse; unknown values stay last
  const table = byId('candidate-table');
  if (table) {
    const headers = Array.from(table.tHead.rows[0].cells);
    const sortBy = (th, col) => {
      const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      for (const h of headers) h.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', dir);
      const numeric = th.dataset.type === 'num';
      const body = table.tBodies[0];
      const key = (row) => row.cells[col]?.dataset.sort ?? '';
      const rows = Array.from(body.rows).sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        if (ka === '' || kb === '') return (ka === '') - (kb === '');
        const c = numeric ? Number(ka) - Number(kb) : collator.compare(ka, kb);
        return dir === 'ascending' ? c : -c;
      });
      body.append(...rows);
    };
    headers.forEach((th, col) => {
      th.tabIndex = 0;
      th.addEventListener('click', () => sortBy(th, col));
      th.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          sortBy(th, col);
        }
      });
    });
  }

  // ---- candidate table: shadows on the edges it scrolls past, and a hint while it is wider than its box
  const wrap = byId('table-wrap');
  const frame = byId('table-frame');
  if (table && wrap && frame) {
    const edges = () => {
      const max = wrap.scrollWidth - wrap.clientWidth;
      frame.classList.toggle('more-left', wrap.scrollLeft > 1);
      frame.classList.toggle('more-right', wrap.scrollLeft < max - 1);
      byId('candidates').classList.toggle('scrolls', max > 1);
      frame.style.setProperty('--stick', `${table.tHead.rows[0].cells[0].offsetWidth + 1}px`);
    };
    wrap.addEventListener('scroll', edges, { passive: true });
    window.addEventListener('resize', edges);
    byId('more-columns')?.addEventListener('change', edges);
    edges();
  }

  // ---- chart tooltips: the wide chart and the compact one each have their own
  for (const chart of document.querySelectorAll('.chart')) {
    const tip = chart.querySelector('.tooltip');
    if (!tip) continue;
    const show = (g) => {
      const d = g.dataset;
      tip.replaceChildren(el('b', '', d.candidate));
      if (d.pick === 'true') tip.append(el('div', '', 'Recommended pick'));
      if (d.detail) tip.append(el('div', '', d.detail));
      tip.append(
        el('div', '', `Accuracy ${d.accuracy} (95% CI ${d.interval})`),
        el('div', '', `${d.cps} per success`),
        el('div', '', `${d.cpsample} per sample · ${d.samples} samples`),
      );
      tip.hidden = false;
      const dot = g.querySelector('.dot').getBoundingClientRect();
      const box = chart.getBoundingClientRect();
      let left = dot.right - box.left + 10;
      if (left + tip.offsetWidth > box.width) left = dot.left - box.left - tip.offsetWidth - 10;
      tip.style.left = `${Math.max(0, left)}px`;
      tip.style.top = `${Math.max(0, dot.top - box.top - tip.offsetHeight / 2 + dot.height / 2)}px`;
    };
    const hide = () => {
      tip.hidden = true;
    };
    for (const g of chart.querySelectorAll('g.point, g.xpoint')) {
      g.addEventListener('mouseenter', () => show(g));
      g.addEventListener('focus', () => show(g));
      g.addEventListener('mouseleave', hide);
      g.addEventListener('blur', hide);
    }
  }

  // ---- case explorer: one line per case (a <details>), its body built when it is first opened
  const ex = data.explorer;
  const list = byId('cases');
  if (!ex || !list) return;
  const pageSize = data.pageSize || 100;
  const state = { page: 0, query: '', candidate: null, outcome: '', disagreements: false };
  let haystacks = null;
  let matches = ex.cases.map((_, i) => i);
  const fmt = (n) => n.toLocaleString('en-US');
  const OUTCOME = { passed: 'pass', failed: 'fail', not_scored: 'not scored' };

  const usd = (v) => {
    if (v === null || v === undefined) return 'unpriced';
    if (v === 0) return '$0';
    if (v >= 0.01) return `$${v.toFixed(v >= 100 ? 0 : 2)}`;
    const digits = Math.min(12, 2 - Math.floor(Math.log10(v)));
    return `$${v.toFixed(digits)}`;
  };
  const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
  const plural = (n, one) => `${fmt(n)} ${one}${n === 1 ? '' : 's'}`;

  const haystack = (i) => {
    if (!haystacks) haystacks = new Array(ex.cases.length);
    if (haystacks[i] === undefined) {
      const c = ex.cases[i];
      const parts = [c.id, c.expected ?? ''];
      for (const [k, v] of c.inputs) parts.push(k, v);
      for (const s of c.samples) parts.push(s.output ?? '', s.error ?? '');
      haystacks[i] = parts.join('\n').toLowerCase();
    }
    return haystacks[i];
  };

  // the samples a case shows: every candidate's, or the chosen candidate's
  const shownSamples = (c) =>
    state.candidate === null ? c.samples : c.samples.filter((s) => s.candidate === state.candidate);

  const filter = () => {
    const q = state.query;
    matches = [];
    ex.cases.forEach((c, i) => {
      const samples = shownSamples(c);
      if (state.candidate !== null && samples.length === 0) return;
      if (state.outcome && !samples.some((s) => s.outcome === state.outcome)) return;
      if (state.disagreements && !c.disagreement) return;
      if (q && !haystack(i).includes(q)) return;
      matches.push(i);
    });
    state.page = 0;
    render();
  };

  const field = (cls, key, value) => {
    const f = el('div', `field ${cls}`);
    f.append(el('div', 'k', key), el('div', 'v', value));
    return f;
  };

  const figures = (s) => {
    const [cost, input, cached, output, reasoning, latency, attempts, calls] = s.figures;
    const line = el('div', 'figs');
    const add = (name, text) => {
      const span = el('span', '', text);
      span.dataset.fig = name;
      line.append(span);
    };
    add('cost', usd(cost));
    add(
      'tokens',
      `${fmt(input)} in · ${fmt(cached)} cached · ${fmt(output)} out · ${fmt(reasoning)} reasoning`,
    );
    add('latency', ms(latency));
    add('attempts', plural(attempts, 'attempt'));
    add('calls', plural(calls, 'call'));
    return line;
  };

  const renderSample = (s) => {
    const id = ex.candidates[s.candidate];
    const out = el('div', `out ${s.outcome}`);
    out.dataset.candidate = id;
    out.dataset.status = s.status;
    out.dataset.outcome = s.outcome;
    const oh = el('div', 'out-head');
    const name = el('span', 'cid', id);
    name.title = id;
    oh.append(name);
    if (s.repeat > 0) oh.append(el('span', 'muted', `#${s.repeat + 1}`));
    oh.append(el('span', 'status', OUTCOME[s.outcome]));
    out.append(oh, figures(s));
    if (s.output !== null) out.append(el('pre', '', s.output));
    else out.append(el('pre', 'muted', '(no output)'));
    if (s.error) out.append(el('div', 'err', s.error));
    if (s.scores) out.append(el('div', 'scores', s.scores));
    return out;
  };

  const notRun = (i) => {
    const out = el('div', 'out notrun');
    out.dataset.candidate = ex.candidates[i];
    out.dataset.status = 'notrun';
    const oh = el('div', 'out-head');
    oh.append(el('span', 'cid', ex.candidates[i]), el('span', 'status', 'not run'));
    out.append(oh);
    return out;
  };

  // the messages each prompt variant of the shown candidates sent, each behind its own <details>
  const renderMessages = (c) => {
    const wrap = el('div', 'msgs');
    if (!ex.hasMessages) return wrap;
    const shown = new Set(
      (state.candidate === null ? ex.candidates.map((_, i) => i) : [state.candidate]).map(
        (i) => ex.candidatePrompts[i],
      ),
    );
    for (const [prompt, hash] of c.prompts) {
      if (!shown.has(prompt)) continue;
      const messages = ex.messages[hash] || [];
      const d = el('details', 'sent');
      d.dataset.prompt = prompt;
      d.append(el('summary', '', `Messages sent · prompt ${prompt} (${plural(messages.length, 'message')})`));
      for (const [role, text] of messages) {
        const m = el('div', `msg ${role}`);
        m.append(el('div', 'role', role), el('pre', '', ex.messageTexts[text]));
        d.append(m);
      }
      wrap.append(d);
    }
    return wrap;
  };

  const renderBody = (c) => {
    const body = el('div', 'case-detail');
    const fields = el('div', 'case-body');
    for (const [k, v] of c.inputs) fields.append(field('input', k, v));
    if (c.expected !== null) fields.append(field('expected', 'expected', c.expected));
    if (fields.childNodes.length) body.append(fields);
    const outs = el('div', 'outs');
    const byCandidate = ex.candidates.map(() => []);
    for (const s of shownSamples(c)) byCandidate[s.candidate].push(s);
    ex.candidates.forEach((_, i) => {
      if (state.candidate !== null && i !== state.candidate) return;
      if (byCandidate[i].length === 0) outs.append(notRun(i));
      for (const s of byCandidate[i]) outs.append(renderSample(s));
    });
    body.append(outs, renderMessages(c));
    return body;
  };

  const renderCase = (c) => {
    const card = el('details', 'case');
    card.dataset.caseId = c.id;
    const head = el('summary', 'case-head');
    head.append(el('span', 'cid', c.id));
    const preview = c.inputs.length ? c.inputs.map(([, v]) => v).join(' · ') : (c.samples[0]?.output ?? '');
    head.append(el('span', 'preview', preview.slice(0, 300)));
    if (c.disagreement) head.append(el('span', 'badge warn', 'disagreement'));
    const samples = shownSamples(c);
    const passed = samples.filter((s) => s.outcome === 'passed').length;
    head.append(el('span', 'tally', `${passed} of ${samples.length} passed`));
    const chips = el('span', 'chips');
    for (const s of samples) {
      const id = ex.candidates[s.candidate];
      const chip = el('span', `chip ${s.outcome}`, s.repeat > 0 ? `${id} #${s.repeat + 1}` : id);
      chip.title = `${id}: ${OUTCOME[s.outcome]}`;
      chips.append(chip);
    }
    head.append(chips);
    card.append(head);
    card.addEventListener('toggle', () => {
      if (card.open && card.childNodes.length === 1) card.append(renderBody(c));
    });
    return card;
  };

  const pages = () => Math.max(1, Math.ceil(matches.length / pageSize));
  const render = () => {
    const start = state.page * pageSize;
    const slice = matches.slice(start, start + pageSize);
    const frag = document.createDocumentFragment();
    for (const i of slice) frag.append(renderCase(ex.cases[i]));
    if (slice.length === 0) frag.append(el('p', 'empty', 'No cases match these filters.'));
    list.replaceChildren(frag);
    const filtered = matches.length !== ex.cases.length;
    byId('page-info').textContent =
      matches.length === 0
        ? `0 of ${fmt(ex.cases.length)} cases`
        : `${fmt(start + 1)}–${fmt(start + slice.length)} of ${fmt(matches.length)}${filtered ? ' matching' : ''} cases · page ${state.page + 1} of ${pages()}`;
    byId('prev').disabled = state.page === 0;
    byId('next').disabled = state.page >= pages() - 1;
  };

  let timer = 0;
  byId('search').addEventListener('input', (e) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.query = e.target.value.trim().toLowerCase();
      filter();
    }, 120);
  });
  byId('candidate-filter').addEventListener('change', (e) => {
    state.candidate = e.target.value === '' ? null : Number(e.target.value);
    filter();
  });
  byId('outcome-filter').addEventListener('change', (e) => {
    state.outcome = e.target.value;
    filter();
  });
  byId('only-disagreements').addEventListener('change', (e) => {
    state.disagreements = e.target.checked;
    filter();
  });
  const turn = (delta) => {
    state.page = Math.min(pages() - 1, Math.max(0, state.page + delta));
    render();
    byId('explorer').scrollIntoView({ block: 'start' });
  };
  byId('prev').addEventListener('click', () => turn(-1));
  byId('next').addEventListener('click', () => turn(1));
  render();
})();
