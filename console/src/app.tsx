import { useEffect } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { EditJobPage } from './pages/edit-job-page';
import { JobPage } from './pages/job-page';
import { JobsPage } from './pages/jobs-page';
import { NewJobPage } from './pages/new-job-page';
import { SignInPage } from './pages/sign-in-page';
import { useSession } from './session';

// Client-side routes. None is a REST path (the API has /jobs/{id}; a job's page is /job/{id}), so a
// reload of any of them reaches the gateway's index.html rather than the API.
export function App() {
  const { user, signOut } = useSession();
  const [location] = useLocation();
  // Braces: newer browsers' scrollTo returns a promise, which React would take for a clean-up function.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location]);
  if (!user)
    return (
      <Switch>
        <Route path="/sign-in" component={SignInPage} />
        <Route>
          <Redirect to="/sign-in" replace />
        </Route>
      </Switch>
    );
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="bar">
        <Link href="/" className="brand">
          chrono
        </Link>
        <nav aria-label="Main">
          <Link href="/">Jobs</Link>
          <Link href="/new">New job</Link>
        </nav>
        <span className="who" title={user.email}>
          {user.name}
        </span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/" component={JobsPage} />
          <Route path="/new" component={NewJobPage} />
          <Route path="/job/:id/edit">{(params) => <EditJobPage id={params.id} />}</Route>
          <Route path="/job/:id">{(params) => <JobPage id={params.id} />}</Route>
          <Route path="/sign-in">
            <Redirect to="/" replace />
          </Route>
          <Route>
            <h1>Page not found</h1>
            <p>
              <Link href="/">Back to your jobs</Link>
            </p>
          </Route>
        </Switch>
      </main>
    </>
  );
}
