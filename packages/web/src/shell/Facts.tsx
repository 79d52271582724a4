import { Fragment, type ReactNode } from 'react';
import classes from './Facts.module.css';

/** A record's facts as a description list (<dl>): what each is, then its value. */
export function Facts({ items }: { items: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className={classes.list}>
      {items.map(([term, value]) => (
        <Fragment key={term}>
          <dt className={classes.term}>{term}</dt>
          <dd className={classes.value}>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
