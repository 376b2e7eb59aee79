/** Controls one panel sends the focus to from another: after "Use as input" the focus goes to
 * Restore, which TaskPanel renders (a shared ref, not a query for a test id). */
import { createRef } from 'react';

export const restoreButton = createRef<HTMLButtonElement>();
