import { Layout } from "../views/layout.tsx";

/** The login form: the token once, then a session cookie (HttpOnly, SameSite=Strict). */
export function LoginPageView(props: { next: string; problem?: string }) {
  return (
    <Layout title="Log in" section="none">
      <h1>briefbot console</h1>
      <p class="lede">This console asks for its token (BRIEFBOT_CONSOLE_TOKEN).</p>
      {props.problem ? <p class="problem">{props.problem}</p> : null}
      <form method="post" action="/login" class="login">
        <input type="hidden" name="next" value={props.next} />
        <label>
          Token <input type="password" name="token" autocomplete="current-password" required />
        </label>
        <button type="submit">Log in</button>
      </form>
    </Layout>
  );
}
