package fr.mssante.operator.admin.webadmin;

/** A WebAdmin call that got no usable answer; {@link #problem()} says why. */
public class WebAdminException extends Exception {
    private final transient WebAdminProblem problem;

    public WebAdminException(WebAdminProblem problem) {
        super(problem.code() + ": " + problem.message());
        this.problem = problem;
    }

    public WebAdminProblem problem() {
        return problem;
    }
}
