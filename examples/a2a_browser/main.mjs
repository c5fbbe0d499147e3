// The page script of examples/a2a_browser: connects to an A2A agent (card discovery), streams the
// answer to a message and renders every event as it arrives; Stop aborts the stream.
// window.example holds the same as plain data (read by tests/browser/a2a_example.test.mjs).
//
import { A2AClient } from '@ruvector/sdk';

const $ = (id) => document.getElementById(id);
const example = { state: 'loading', events: [], runs: 0 };
window.example = example;

function setStatus(text, state) {
  $('status').textContent = text;
  example.status = text;
  if (state) {
    example.state = state;
    document.body.dataset.state = state;
  }
}

function showCard(client) {
  const rows = { agent: client.name, endpoint: client.endpoint, protocol: client.protocolVersion,
    streaming: client.streaming ? 'yes' : 'no', 'card signature': client.cardVerified ? `verified (${client.cardKeyId})` : 'not verified' };
  $('card').replaceChildren(...Object.entries(rows).flatMap(([label, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.dataset.card = label;
    return [dt, dd];
  }));
}

function addEvent(ev) {
  const li = document.createElement('li');
  const kind = document.createElement('span');
  kind.className = 'kind';
  kind.textContent = ev.kind;
  li.append(kind, [ev.state, ev.text].filter(Boolean).join(' · '));
  if (ev.final) li.dataset.final = 'true';
  $('events').append(li);
  if (ev.kind === 'artifact-update') $('answer').textContent += `${$('answer').textContent ? '\n' : ''}${ev.text}`;
}

let client = null;
let running = null; // the AbortController of the stream in progress

async function stream(agentUrl, message) {
  running = new AbortController();
  $('stop').disabled = false;
  $('ask').querySelector('button[type="submit"]').disabled = true;
  $('events').replaceChildren();
  $('answer').textContent = '';
  example.events = [];
  example.runs += 1;
  const started = performance.now();
  try {
    if (!client || example.agentUrl !== agentUrl) {
      client?.close();
      setStatus(`connecting to ${agentUrl}…`, 'connecting');
      client = await A2AClient.connect(agentUrl, { signal: running.signal });
      example.agentUrl = agentUrl;
      example.card = { name: client.name, endpoint: client.endpoint, protocol: client.protocolVersion };
      showCard(client);
    }
    setStatus(`streaming "${message}"…`, 'streaming');
    for await (const ev of client.stream(message, { signal: running.signal })) {
      example.events.push({ kind: ev.kind, state: ev.state, text: ev.text, final: ev.final, taskId: ev.taskId });
      addEvent(ev);
    }
    const last = example.events.at(-1);
    setStatus(`done: ${example.events.length} events in ${Math.round(performance.now() - started)} ms, task ${last?.state ?? 'answered'}`, 'done');
  } catch (err) {
    if (err.name === 'AbortError') setStatus(`stopped after ${example.events.length} events`, 'stopped');
    else setStatus(`${err.name}: ${err.message}`, 'error');
  } finally {
    running = null;
    $('stop').disabled = true;
    $('ask').querySelector('button[type="submit"]').disabled = false;
  }
}

$('agent').value = new URLSearchParams(location.search).get('agent') ?? `${location.origin}/agent`;
$('ask').addEventListener('submit', (e) => {
  e.preventDefault();
  stream($('agent').value.trim(), $('message').value.trim());
});
$('stop').addEventListener('click', () => running?.abort());
// Start with the default message, so the page shows a stream as soon as it opens.
stream($('agent').value.trim(), $('message').value.trim());
