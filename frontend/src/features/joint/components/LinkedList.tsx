import { Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { RouterLink } from '../../../components/RouterLink';

export interface LinkedEntry {
  id: string;
  label: string;
  to: string | null;
}

/** A titled list of linked records (drivers, questions, agenda items, successes), each a link where it has a page. */
export function LinkedList({ title, empty, items }: { title: string; empty: string; items: LinkedEntry[] }) {
  return (
    <div className="kompas-linked">
      <p className="kompas-ball-item__title">{title}</p>
      {items.length === 0 ? (
        <Paragraph>{empty}</Paragraph>
      ) : (
        <UnorderedList>
          {items.map((entry) => (
            <UnorderedListItem key={entry.id}>{entry.to ? <RouterLink to={entry.to}>{entry.label}</RouterLink> : entry.label}</UnorderedListItem>
          ))}
        </UnorderedList>
      )}
    </div>
  );
}
