// Loading the attempt: handed over by «Bắt đầu», fetched, or (offline)
// rebuilt from the journal kept on this device.

import { api, contestId } from '../../api.js';
import { restoreOffset } from '../../clock.js';
import { readJournal, discardJournal } from '../../journal.js';

/**
 * The attempt in progress as { view, offlineStart }, or null when there is
 * nothing to show here: the route changed meanwhile, or the attempt is over
 * (then the result page is shown instead).
 */
export async function loadAttempt(ctx, aid) {
  const { state } = ctx;
  let view = null;
  let offlineStart = false;
  if (state.stash && state.stash.attempt_id === aid) {
    view = state.stash;
    state.stash = null;
  } else {
    try {
      view = await api.attempt(aid);
    } catch (error) {
      const cached = readJournal(contestId, aid);
      if (!error.retryable || !cached || !cached.attempt) throw error;
      restoreOffset(cached.offset);
      view = Object.assign({}, cached.attempt, { status: 'in_progress', answers: null });
      offlineStart = true;
    }
  }
  if (!ctx.isCurrent()) return null;
  if (view.status !== 'in_progress') {
    discardJournal(contestId, aid);
    ctx.navigate(`/ket-qua/${aid}`, { replaceHistory: true });
    return null;
  }
  return { view, offlineStart };
}
