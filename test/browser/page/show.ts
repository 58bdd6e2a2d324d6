/** Appends a result row to the page's table (what the screenshot shows). */
export function show(cells: string[], ok?: boolean): void {
  const row = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = c;
    row.appendChild(td);
  }
  if (ok !== undefined) row.className = ok ? 'ok' : 'bad';
  document.querySelector('#results tbody')!.appendChild(row);
}
